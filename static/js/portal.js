/* What every page does once it has loaded, in one small script (on a slow link each
   further file of the first screen costs a round trip: tests/site/test_first_screen.py).

   The bold Khmer face: on a slow link the first screen waits for the regular face only
   (preloaded), and headings and buttons are drawn bold from it until the bold face has
   come ("faux text first"). A later page finds the bold face in the browser's cache.
   Without this script bold Khmer stays drawn from the regular face.

   The service worker (its address in this script's data-service-worker), registered
   after the page has loaded so that it never slows the first screen. Progressive
   enhancement: without service workers the portal works as before, online. At sign-out
   (a form marked data-signs-out) the worker drops the pages it kept for offline reading,
   as the server's answer (Clear-Site-Data) also asks the browser to: they are pages
   anybody may see, but a shared phone should keep nothing of a visit. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-bold-font");
  if (!url || !window.FontFace || !document.fonts) { return; }

  function addBold() {
    var bold = new FontFace("Noto Sans Khmer", "url(" + JSON.stringify(url) + ") format(\"woff2\")", {
      style: "normal",
      weight: "700",
      display: "swap",
      unicodeRange: "U+1780-17EF, U+200C-200D, U+25CC"
    });
    bold.load().then(function (face) { document.fonts.add(face); }, function () {});
  }

  if (document.readyState === "complete") {
    addBold();
  } else {
    window.addEventListener("load", addBold);
  }
})();

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

  /* The outbox (static/js/service-worker.js): each page says whose it is, and the worker
     sends that person's waiting reports, then tells every page how many still wait;
     again when the connection comes back, and every minute while the page is seen. */
  var body = document.body;
  var owner = body.getAttribute("data-draft-owner") || "";
  function hello() {
    var worker = navigator.serviceWorker.controller;
    if (!worker) { return; }
    if (owner) {
      worker.postMessage({type: "hello", owner: owner, language: document.documentElement.lang});
    } else if (navigator.onLine && !document.querySelector("[data-outbox]")) {
      /* Signed out, online (not a visitor's copy read offline, nor the list, which says it
         itself): do reports wait for a sign-in? */
      worker.postMessage({type: "count"});
    }
  }
  window.addEventListener("load", hello);
  window.addEventListener("online", hello);
  window.setInterval(function () {
    if (document.visibilityState === "visible" && navigator.onLine) { hello(); }
  }, 60000);
  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "outbox" || data.owner !== owner) { return; }
    waiting = data.titles || [];
    showWaiting(data.waiting, data.signIn);
  });

  /* "Waiting to be sent (on this phone): 2", at the top of every page of the person; or,
     when the server asked for a sign-in first (403), "Sign in again to send…". */
  function showWaiting(count, signIn) {
    var banner = document.getElementById("outbox-waiting");
    var label = body.getAttribute(signIn ? "data-outbox-sign-in" : "data-outbox-waiting");
    if (!count || !label) {
      if (banner) { banner.remove(); }
      return;
    }
    if (!banner) {
      banner = document.createElement("p");
      banner.id = "outbox-waiting";
      banner.className = "notice outbox-waiting";
      banner.setAttribute("role", "status");
      banner.appendChild(document.createElement("a"));
      var main = document.getElementById("main");
      main.insertBefore(banner, main.firstChild);
    }
    banner.firstChild.href = body.getAttribute(signIn ? "data-outbox-sign-in-url" :
      "data-outbox-url");
    banner.firstChild.textContent = label.replace("{n}", localDigits(count));
  }
  /* At sign-out, reports waiting on this phone are named, and the person chooses: keep
     them (the server then leaves the site's storage alone: keep_waiting; the drafts still
     go, draft.js removes them) or delete them. Then the worker drops the pages it kept. */
  var waiting = [];
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-signs-out")) { return; }
    var worker = navigator.serviceWorker.controller;
    if (waiting.length && !form.hasAttribute("data-chosen") && askWhatToKeep(form, event)) {
      return;
    }
    if (worker) { worker.postMessage("signed-out"); } /* it finishes even as this page goes */
  }, true);

  function askWhatToKeep(form, event) {
    var template = document.getElementById("sign-out-waiting");
    if (!template || !window.HTMLDialogElement) { return false; }
    event.preventDefault();
    event.stopImmediatePropagation(); /* nothing is forgotten before the person chooses */
    var dialog = template.content.firstElementChild.cloneNode(true);
    var title = dialog.querySelector("h2");
    title.textContent = title.textContent.replace("{n}", localDigits(waiting.length));
    waiting.forEach(function (name) {
      var item = document.createElement("li");
      item.textContent = name;
      dialog.querySelector("[data-titles]").appendChild(item);
    });
    document.body.appendChild(dialog);
    dialog.addEventListener("close", function () {
      var choice = dialog.returnValue;
      dialog.remove();
      if (!choice) { return; }
      var worker = navigator.serviceWorker.controller;
      if (choice === "keep") {
        var keep = document.createElement("input");
        keep.type = "hidden";
        keep.name = "keep_waiting";
        keep.value = "1";
        form.appendChild(keep);
      } else if (worker) {
        worker.postMessage({type: "forget", owner: owner});
      }
      form.setAttribute("data-chosen", "");
      if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
    });
    dialog.showModal();
    return true;
  }

  function localDigits(count) {
    var digits = body.getAttribute("data-digits") || "0123456789";
    return String(count).replace(/[0-9]/g, function (digit) { return digits.charAt(+digit); });
  }
})();
