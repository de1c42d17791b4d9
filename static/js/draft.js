/* Keeps a draft of a long form in this browser while it is typed, so that a dropped
   connection or an expired session loses nothing. Progressive enhancement: the form
   works without it. A form opts in with data-draft="<key>"; a page that confirms a
   save clears the draft with data-clear-draft="<key>" on any element.

   Drafts leave with the person, for a shared phone: loaded on every page, this removes
   them all when a sign-out form (data-signs-out) is sent (the server's sign-out answer
   also tells the browser to clear the site's storage: Clear-Site-Data); a signed-in page
   names its person with an opaque id (<body data-draft-owner>), and any draft of another
   person is removed before anything is restored; a draft older than 7 days is removed.
   Drafts are the only thing the portal's scripts keep in the browser. */
(function () {
  "use strict";
  var PREFIX = "cop-draft:";
  var KEPT_FOR = 7 * 24 * 60 * 60 * 1000; /* 7 days, in milliseconds */
  var storage;
  try {
    storage = window.localStorage;
    storage.setItem(PREFIX + "test", "1");
    storage.removeItem(PREFIX + "test");
  } catch (error) {
    return; /* private mode or storage disabled: nothing to do */
  }
  /* Empty on pages of nobody signed in (the sign-in page after a session expired, say):
     there the drafts wait for their person. */
  var owner = document.body.getAttribute("data-draft-owner") || "";

  function draftKeys() {
    var keys = [];
    for (var index = 0; index < storage.length; index += 1) {
      var key = storage.key(index);
      if (key && key.indexOf(PREFIX) === 0) { keys.push(key); }
    }
    return keys;
  }

  function forgetAll() {
    draftKeys().forEach(function (key) { storage.removeItem(key); });
  }

  /* The draft under `key` when it may still be used here, else null. */
  function usable(key) {
    var draft;
    try {
      draft = JSON.parse(storage.getItem(key));
    } catch (error) {
      return null;
    }
    if (!draft || typeof draft.saved !== "number" || typeof draft.values !== "object" ||
        !draft.values || typeof draft.owner !== "string") {
      return null;
    }
    if (Date.now() - draft.saved > KEPT_FOR) { return null; }
    if (owner && draft.owner !== owner) { return null; }
    return draft;
  }

  /* Before anything is restored: another person's drafts, old or unreadable ones go. */
  draftKeys().forEach(function (key) {
    if (!usable(key)) { storage.removeItem(key); }
  });

  document.querySelectorAll("[data-clear-draft]").forEach(function (element) {
    storage.removeItem(PREFIX + element.getAttribute("data-clear-draft"));
  });

  /* Capture: runs before any other handler of the submission, and even if one stops it.
     Nothing is saved after it, not even a save that was waiting for the typing to stop. */
  var signedOut = false;
  document.addEventListener("submit", function (event) {
    if (event.target.matches("form[data-signs-out]")) {
      signedOut = true;
      forgetAll();
    }
  }, true);

  if (!owner) { return; }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      return field.name && field.type !== "hidden" && field.type !== "password" &&
        field.type !== "file" && field.type !== "submit";
    });
  }

  /* An edit form holds, beside each field, the value the person started from (hidden
     inputs initial-<name>; null on a form for something new). */
  function startedFrom(form, name) {
    var inputs = form.querySelectorAll('input[type="hidden"][name="initial-' + name + '"]');
    if (!inputs.length) { return null; }
    return Array.prototype.map.call(inputs, function (input) { return input.value; });
  }

  function wasChecked(started, field) {
    if (started.length === 1 && (started[0] === "True" || started[0] === "False")) {
      return started[0] === "True"; /* a single yes/no box */
    }
    return started.indexOf(field.value) !== -1;
  }

  /* What the draft keeps: of an edit form, only what the person changed from where they
     started, so that a draft restored on the page drawn again after somebody else saved
     changes those fields only, and the others show what is stored now (the server then
     writes only what the person changed, over the other person's changes). */
  function read(form) {
    var values = {};
    fields(form).forEach(function (field) {
      var started = startedFrom(form, field.name);
      if (field.type === "checkbox" || field.type === "radio") {
        if (!started || wasChecked(started, field) !== field.checked) {
          values[field.name + "=" + field.value] = field.checked;
        }
      } else if (!started || started[0] !== field.value) {
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
    var saved = usable(key);
    /* A form the server sent back with errors already holds what was typed. */
    var serverKept = form.querySelector(".errorlist, .form-errors");
    if (saved && !serverKept) {
      write(form, saved.values);
      var notice = document.getElementById("draft-restored");
      if (notice) { notice.hidden = false; }
    }
    var timer = null;
    function save() {
      if (signedOut) { return; }
      try {
        storage.setItem(key, JSON.stringify({ saved: Date.now(), owner: owner, values: read(form) }));
      } catch (error) {
        /* storage full: the form still works, without a draft */
      }
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
