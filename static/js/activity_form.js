/* A new activity's status follows its start date until the person chooses one: done when
   the day has come, planned when it is still to come (the server opens the form the same
   way: activities/forms.py, default_status). Progressive enhancement: without this script
   the status is the one the form opened on. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-status-follows-date]");
  if (!form) { return; }
  var date = form.querySelector('input[name="start_date"]');
  var radios = form.querySelectorAll('input[type="radio"][name="status"]');
  if (!date || !radios.length) { return; }
  /* A draft restored from this device (js/draft.js, run before) holds a status chosen. */
  var restored = document.getElementById("draft-restored");
  var chosen = Boolean(restored && !restored.hidden);
  radios.forEach(function (radio) {
    radio.addEventListener("change", function () { chosen = true; });
  });

  function today() {
    var now = new Date();
    function two(number) { return (number < 10 ? "0" : "") + number; }
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  function follow() {
    if (chosen || !/^\d{4}-\d{2}-\d{2}$/.test(date.value)) { return; }
    var status = date.value > today() ? "planned" : "done";
    radios.forEach(function (radio) { radio.checked = radio.value === status; });
  }
  date.addEventListener("change", follow);
  date.addEventListener("input", follow);
})();
