/* On a slow connection a form can take seconds to send, and a person taps Save again.
   While it is on its way, the button says so (its data-sending text, aria-busy) and
   further taps send nothing. After 15 s, or when the page is shown again from the Back
   button, it can be sent again. The server also logs the same form only once. */
(function () {
  "use strict";
  var WAIT = 15000;

  document.querySelectorAll("form [data-sending]").forEach(function (button) {
    var form = button.form;
    var label = button.textContent;
    var sentAt = 0;

    function reset() {
      sentAt = 0;
      button.textContent = label;
      button.removeAttribute("aria-busy");
    }

    form.addEventListener("submit", function (event) {
      if (sentAt && Date.now() - sentAt < WAIT) {
        event.preventDefault();
        return;
      }
      sentAt = Date.now();
      button.textContent = button.getAttribute("data-sending");
      button.setAttribute("aria-busy", "true");
      window.setTimeout(reset, WAIT);
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { reset(); }
    });
  });
})();
