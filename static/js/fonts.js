/* The bold Khmer face, once the page has loaded: on a slow link the first screen waits
   for the regular face only (preloaded), and headings and buttons are drawn bold from it
   until the bold face has come ("faux text first"). A later page finds the bold face in
   the browser's cache. Without this script bold Khmer stays drawn from the regular face. */
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
