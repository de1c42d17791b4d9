/* Long lists made searchable: in a form marked data-pickers, a select of more than 12
   choices, or a group of more than 12 checkboxes, gets a search box above it; typing
   keeps only the choices whose name holds what was typed (Khmer or Latin, in any case;
   Khmer writes no spaces between words, so any part of a name matches). A choice already
   chosen always stays in sight. The search box has no name: it is not sent, nor kept in
   a draft. Progressive enhancement: without this script the plain list works. */
(function () {
  "use strict";
  var LONG = 12;
  var form = document.querySelector("form[data-pickers]");
  if (!form) { return; }
  var searchLabel = form.getAttribute("data-picker-search") || "{list}";
  var shownLabel = form.getAttribute("data-picker-shown") || "{shown} / {total}";
  var digits = form.getAttribute("data-picker-digits") || "0123456789";
  var made = 0;

  function plain(text) {
    return (text || "").normalize("NFC").replace(/[\u200b-\u200d\u00a0\s]+/g, " ")
      .trim().toLocaleLowerCase();
  }

  function local(number) {
    return String(number).replace(/[0-9]/g, function (digit) { return digits.charAt(+digit); });
  }

  /* A search box, its label and a line saying how many choices are shown, before `list`;
     `filter(query)` keeps the matching choices and returns how many are shown. */
  function addSearch(list, name, total, filter) {
    made += 1;
    var box = document.createElement("div");
    box.className = "picker-search";
    var id = "picker-search-" + made;
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = searchLabel.replace("{list}", name);
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "picker-shown";
    status.id = id + "-shown";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    list.parentNode.insertBefore(box, list);
    input.addEventListener("input", function () {
      var shown = filter(plain(input.value));
      status.textContent = input.value
        ? shownLabel.replace("{shown}", local(shown)).replace("{total}", local(total))
        : "";
    });
    /* Enter in the search box would send the form. */
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  /* A select: the options that do not match are taken out (a hidden option still shows
     in some phones' pickers) and put back in their order when they match again. */
  form.querySelectorAll("select:not([multiple])").forEach(function (select) {
    var options = Array.prototype.slice.call(select.options);
    var choices = options.filter(function (option) { return option.value !== ""; });
    if (choices.length <= LONG) { return; }
    var label = select.id && form.querySelector('label[for="' + select.id + '"]');
    var name = label ? label.firstChild.textContent.trim() : select.name;
    addSearch(select, name, choices.length, function (query) {
      var shown = 0;
      options.forEach(function (option) {
        var keep = option.value === "" || option.selected || !query ||
          plain(option.textContent).indexOf(query) !== -1;
        if (keep && option.value !== "") { shown += 1; }
        if (keep && option.parentNode !== select) {
          select.appendChild(option);
        } else if (!keep && option.parentNode === select) {
          select.removeChild(option);
        }
      });
      /* back in their first order */
      options.forEach(function (option) {
        if (option.parentNode === select) { select.appendChild(option); }
      });
      return shown;
    });
  });

  /* A group of checkboxes: the choices that do not match are hidden. */
  form.querySelectorAll("fieldset").forEach(function (group) {
    var boxes = group.querySelectorAll(":scope > div > div > label > input[type=checkbox]");
    if (boxes.length <= LONG) { return; }
    var legend = group.querySelector("legend");
    var name = legend ? legend.firstChild.textContent.trim() : "";
    var list = boxes[0].closest("div[id]") || boxes[0].parentNode.parentNode;
    addSearch(list, name, boxes.length, function (query) {
      var shown = 0;
      boxes.forEach(function (box) {
        var choice = box.closest("label").parentNode;
        var keep = box.checked || !query ||
          plain(box.closest("label").textContent).indexOf(query) !== -1;
        choice.hidden = !keep;
        if (keep) { shown += 1; }
      });
      return shown;
    });
  });
})();
