/* Nothing destroyed on one tap. A form marked data-confirm (removing, deleting, closing)
   first asks in the page's dialog (templates/includes/confirm_dialog.html): its question
   is the form's data-confirm, its button the form's data-confirm-yes. "Yes" sends the form
   with confirm=1; "No, keep it" or Escape sends nothing and puts the focus back on the
   button that was tapped. Without JavaScript (or without <dialog>) the form is sent as it
   is and the server answers with a confirmation page instead. The listener runs in the
   capture phase, before sending.js, which leaves alone a submit stopped here. */
(function () {
  "use strict";
  var dialog = document.getElementById("confirm-dialog");
  if (!dialog || typeof dialog.showModal !== "function") { return; }
  var question = dialog.querySelector("[data-confirm-question]");
  var yes = dialog.querySelector("[data-confirm-yes]");
  var yesLabel = yes.textContent;
  var pending = null;

  function isConfirmed(form) {
    var field = form.querySelector("input[name=confirm]");
    return field && field.value === "1";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]") || isConfirmed(form)) { return; }
    event.preventDefault();
    pending = { form: form, submitter: event.submitter || form.querySelector("[type=submit]") };
    question.textContent = form.getAttribute("data-confirm");
    yes.textContent = form.getAttribute("data-confirm-yes") || yesLabel;
    dialog.returnValue = "";
    dialog.showModal();
  }, true);

  dialog.addEventListener("close", function () {
    var asked = pending;
    pending = null;
    if (!asked) { return; }
    if (dialog.returnValue !== "yes") {
      if (asked.submitter) { asked.submitter.focus(); }
      return;
    }
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = "confirm";
    field.value = "1";
    asked.form.appendChild(field);
    if (typeof asked.form.requestSubmit === "function") {
      asked.form.requestSubmit(asked.submitter && asked.submitter.form === asked.form ? asked.submitter : undefined);
    } else {
      asked.form.submit();
    }
  });
})();
