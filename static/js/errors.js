/* A form sent back with errors opens on its error summary: the summary takes the focus,
   so that a screen reader reads it first and a keyboard goes from it to the fields it
   links to. A link of the summary brings its field into view with the field's label or
   legend above it, and focuses the field. Progressive enhancement: without this script
   the summary is still the first thing after the page's heading, and its links lead to
   the fields. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) { return; }
  summary.focus();

  /* What names the field: the legend of its group of radios or checkboxes, or its label. */
  function caption(field) {
    var group = field.closest("fieldset");
    if (group && (field.type === "radio" || field.type === "checkbox")) {
      var legend = group.querySelector("legend");
      if (legend) { return legend; }
    }
    return field.id ? document.querySelector('label[for="' + field.id + '"]') : null;
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest('a[href^="#"]');
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    (caption(field) || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
