// A "Print or save as PDF" button, shown only where JavaScript runs: the browser's own
// Print command does the same without it.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
