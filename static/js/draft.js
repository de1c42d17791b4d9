/* Keeps a draft of a long form in this browser while it is typed, so that a dropped
   connection or an expired session loses nothing. Progressive enhancement: the form
   works without it. A form opts in with data-draft="<key>"; a page that confirms a
   save clears the draft with data-clear-draft="<key>" on any element. */
(function () {
  "use strict";
  var PREFIX = "cop-draft:";
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "test", "1");
    storage.removeItem(PREFIX + "test");
  } catch (error) {
    return; /* private mode or storage disabled: nothing to do */
  }

  document.querySelectorAll("[data-clear-draft]").forEach(function (element) {
    storage.removeItem(PREFIX + element.getAttribute("data-clear-draft"));
  });

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.type !== "hidden" && field.type !== "password" &&
        field.type !== "file" && field.type !== "submit";
    });
  }

  function read(form) {
    var values = {};
    fields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        values[field.name + "=" + field.value] = field.checked;
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function write(form, values) {
    fields(form).forEach(function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        var key = field.name + "=" + field.value;
        if (key in values) { field.checked = values[key]; }
      } else if (field.name in values) {
        field.value = values[field.name];
      }
    });
  }

  document.querySelectorAll("form[data-draft]").forEach(function (form) {
    var key = PREFIX + form.getAttribute("data-draft");
    var saved = storage.getItem(key);
    /* A form the server sent back with errors already holds what was typed. */
    var serverKept = form.querySelector(".errorlist, .form-errors");
    if (saved && !serverKept) {
      try {
        write(form, JSON.parse(saved).values);
        var notice = document.getElementById("draft-restored");
        if (notice) { notice.hidden = false; }
      } catch (error) {
        storage.removeItem(key);
      }
    }
    var timer = null;
    function save() {
      storage.setItem(key, JSON.stringify({ saved: Date.now(), values: read(form) }));
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 400);
    });
    form.addEventListener("change", save);
    var discard = document.getElementById("draft-discard");
    if (discard) {
      discard.addEventListener("click", function () {
        storage.removeItem(key);
        window.location.reload();
      });
    }
  });
})();
