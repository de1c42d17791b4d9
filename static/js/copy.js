// A "Copy" button beside a read-only field (an invitation's link), shown only where
// JavaScript runs: without it, the person selects the text and copies it themselves.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.dataset.copy);
  var status = document.querySelector('[data-copy-status="' + button.dataset.copy + '"]');
  if (!field) {
    return;
  }
  button.hidden = false;
  field.addEventListener("focus", function () {
    field.select();
  });
  button.addEventListener("click", function () {
    var done = function () {
      if (status) {
        status.textContent = button.dataset.copiedText || "";
      }
    };
    field.focus();
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        if (document.execCommand("copy")) {
          done();
        }
      });
    } else if (document.execCommand("copy")) {
      done();
    }
  });
});
