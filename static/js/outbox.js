/* The list of the reports waiting on this phone (templates/activities/outbox.html), from
   the outbox's storage (static/js/outbox-store.js), for their own person only: each with
   its state, and ways to send it now, download it as a file or delete it. A report the
   server refused or found logged before with other content says why, beside what was
   stored. Reports shown as sent leave the phone once they have been shown. The browser is
   asked to keep the storage even when space runs short (navigator.storage.persist). */
(function () {
  "use strict";
  var box = document.querySelector("[data-outbox]");
  var template = document.querySelector("template[data-outbox-item]");
  if (!box || !template || !window.indexedDB || typeof OutboxStore === "undefined") { return; }
  /* Whose reports: the person signed in; on the copy of this page the worker kept for
     use offline (as a visitor sees it), the person whose pages the worker last served. */
  var owner = box.getAttribute("data-owner");
  var list = box.querySelector("[data-outbox-list]");
  var digits = box.getAttribute("data-digits") || "0123456789";

  function local(text) {
    return String(text).replace(/[0-9]/g, function (digit) { return digits.charAt(+digit); });
  }

  var sentHere = {};
  var kept = new URLSearchParams(window.location.search).get("kept");
  if (kept) { document.getElementById("outbox-kept").hidden = false; }
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().catch(function () {});
  }

  function text(report) {
    var answer = report.answer || {};
    if (report.state === "refused" && answer.errors) {
      return Object.keys(answer.errors).map(function (label) {
        return (label ? label + ": " : "") + answer.errors[label].join(" ");
      }).join(" · ");
    }
    return report.state === "review" ? answer.message || "" : "";
  }

  function facts(list, values) {
    Object.keys(values).forEach(function (label) {
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = label;
      value.textContent = local(values[label]);
      list.appendChild(term);
      list.appendChild(value);
    });
  }

  function show(report) {
    var item = template.content.firstElementChild.cloneNode(true);
    item.id = "report-" + report.submission;
    item.querySelector("[data-title]").textContent = report.title || box.getAttribute("data-no-title");
    item.querySelector("[data-date]").textContent = local(report.date);
    item.querySelector("[data-state]").textContent = box.getAttribute("data-state-" + report.state);
    var message = text(report);
    if (message) {
      var paragraph = item.querySelector("[data-message]");
      paragraph.textContent = message;
      paragraph.hidden = false;
    }
    var answer = report.answer || {};
    if (report.state === "review" && answer.sent) {
      facts(item.querySelector("[data-sent-facts]"), answer.sent);
      item.querySelector("[data-sent]").hidden = false;
    }
    if (report.state === "review" && answer.stored) {
      facts(item.querySelector("[data-stored-facts]"), answer.stored);
      item.querySelector("[data-stored-link]").href = answer.url;
      item.querySelector("[data-stored]").hidden = false;
    }
    if (report.state === "sent") {
      var link = item.querySelector("[data-sent-link]");
      link.href = answer.url;
      link.hidden = false;
      item.querySelector(".row-actions").hidden = true;
    }
    item.querySelector("[data-send]").hidden = report.state === "review" ||
      report.state === "refused";
    item.querySelector("[data-send]").addEventListener("click", sendNow);
    item.querySelector("[data-download]").addEventListener("click", function () {
      download(report);
    });
    item.querySelector("[data-edit]").hidden = report.state === "sent" || !report.action;
    item.querySelector("[data-edit]").addEventListener("click", function () {
      if (window.confirm(box.getAttribute("data-ask-edit"))) { edit(report); }
    });
    item.querySelector("[data-delete]").addEventListener("click", function () {
      if (window.confirm(box.getAttribute("data-ask-delete"))) {
        OutboxStore.remove(report.submission).then(render);
      }
    });
    return item;
  }

  /* Back into the form, as its draft (static/js/draft.js restores it there, for the same
     person); it leaves the outbox, and is sent again as a new report. */
  function edit(report) {
    var values = {};
    report.fields.forEach(function (field) {
      if (field[1] && field[1].file) { return; }
      values[field[0]] = field[1];
      values[field[0] + "=" + field[1]] = true; /* a radio button or a box ticked */
    });
    try {
      window.localStorage.setItem("cop-draft:activity:new",
        JSON.stringify({saved: Date.now(), owner: report.owner, values: values}));
    } catch (error) {
      return;
    }
    OutboxStore.remove(report.submission).then(function () {
      window.location.href = report.action;
    });
  }

  /* The report as a file: its fields (photos by name), to keep or to pass on. */
  function download(report) {
    var fields = report.fields.map(function (field) {
      return [field[0], field[1] && field[1].file ? {photo: field[1].name} : field[1]];
    });
    var blob = new Blob([JSON.stringify({
      submission: report.submission, saved: new Date(report.saved).toISOString(),
      state: report.state, fields: fields
    }, null, 2)], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "report-" + report.submission + ".json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function sendNow() {
    var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (worker) { worker.postMessage({type: "hello", owner: owner}); }
  }

  function lastOwner() {
    if (owner || !window.caches) { return Promise.resolve(owner); }
    return caches.open("cop-meta").then(function (meta) {
      return meta.match("/owner");
    }).then(function (kept) { return kept ? kept.text() : ""; }).catch(function () {
      return "";
    });
  }

  function render() {
    return lastOwner().then(function (whose) {
      /* Signed out, online: the reports are sent once their person signs in again. */
      box.querySelector("[data-outbox-signed-out]").hidden = Boolean(owner) || !navigator.onLine;
      return OutboxStore.of(whose);
    }).then(function (reports) {
      /* A report shown as sent leaves the phone, and stays on this page while it is open. */
      reports.filter(function (report) { return report.state === "sent"; })
        .forEach(function (report) {
          sentHere[report.submission] = report;
          OutboxStore.remove(report.submission);
        });
      var waiting = reports.filter(function (report) { return report.state !== "sent"; });
      var shown = waiting.concat(Object.keys(sentHere).map(function (id) { return sentHere[id]; }));
      list.textContent = "";
      shown.forEach(function (report) { list.appendChild(show(report)); });
      box.querySelector("[data-outbox-empty]").hidden = waiting.length > 0;
      document.documentElement.setAttribute("data-outbox-shown", String(shown.length));
    });
  }

  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox" && event.data.owner === owner) { render(); }
    });
  }
  render();
})();
