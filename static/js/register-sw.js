/* Registers the portal's service worker (its address in this script's
   data-service-worker), after the page has loaded so that it never slows the first screen.
   Progressive enhancement: without service workers the portal works as before, online.

   At sign-out (a form marked data-signs-out) the worker drops the pages it kept for
   offline reading, as the server's answer (Clear-Site-Data) also asks the browser to:
   they are pages anybody may see, but a shared phone should keep nothing of a visit. */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) { return; }
  var script = document.currentScript;
  var address = script && script.getAttribute("data-service-worker");
  if (!address) { return; }
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(address, {scope: "/"}).catch(function () {
      /* Not allowed here (a private window, an insecure address): the portal works without. */
    });
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var worker = navigator.serviceWorker.controller;
    if (worker && form.hasAttribute && form.hasAttribute("data-signs-out")) {
      worker.postMessage("signed-out"); /* the worker finishes even as this page goes */
    }
  });
})();
