/* On a slow connection a form can take seconds to send (a minute for an upload), and a
   person taps its button again. While a form of the page is on its way, its button says
   so (the button's data-sending text, else the page's: "Sending…") with aria-busy, and
   further taps send nothing. After 15 s, or when the page is shown again from the Back
   button, it can be sent again. The server also logs the same activity form only once. */
(function () {
  "use strict";
  var WAIT = 15000;
  var fallback = document.body.getAttribute("data-sending") || "…";

  document.querySelectorAll("main form[method=post]").forEach(function (form) {
    var sentAt = 0;
    var button = null;
    var label = "";

    function reset() {
      sentAt = 0;
      if (button) {
        button.textContent = label;
        button.removeAttribute("aria-busy");
        button = null;
      }
    }

    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) { return; } // stopped: confirm.js asks first
      if (sentAt && Date.now() - sentAt < WAIT) {
        event.preventDefault();
        return;
      }
      sentAt = Date.now();
      var pressed = event.submitter || form.querySelector("button[type=submit]");
      if (pressed && pressed.tagName === "BUTTON") {
        button = pressed;
        label = button.textContent;
        button.textContent = button.getAttribute("data-sending") || fallback;
        button.setAttribute("aria-busy", "true");
      }
      window.setTimeout(reset, WAIT);
    });
    /* A form sent in the background (static/js/upload.js) whose connection dropped can
       be sent again at once. */
    form.addEventListener("portal:send-failed", reset);
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { reset(); }
    });
  });
})();
