/* The outbox's storage, shared by the service worker (static/js/service-worker.js, which
   imports it) and the page of waiting reports (static/js/outbox.js): one IndexedDB store
   of the reports kept on this phone, each keyed by its form's submission id
   (Activity.submission), so that the same report is never kept, or logged, twice.

   A report: {submission, owner (the opaque id of its person: <body data-draft-owner>),
   language, action (the form's address), fields: [[name, value]] where a photo's value is
   {file: Blob, name}, title, date, saved (ms), state, answer (the server's last JSON)}.
   States: "waiting" (to be sent), "sign-in" (sent when its person signs in again),
   "review" (the same id was logged with other content: 409), "refused" (400: to
   correct), "sent" (logged: answer.url). A report is only ever read, sent or shown for
   its own person. */
var OutboxStore = (function () {
  "use strict";
  var NAME = "cop-outbox";
  var STORE = "reports";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, {keyPath: "submission"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var result = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : result);
        };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
        transaction.onabort = function () { db.close(); reject(transaction.error); };
      });
    });
  }

  return {
    put: function (report) { return run("readwrite", function (store) { store.put(report); }); },
    get: function (submission) {
      return run("readonly", function (store) { return store.get(submission); });
    },
    remove: function (submission) {
      return run("readwrite", function (store) { store.delete(submission); });
    },
    /* The reports of one person, oldest first. */
    of: function (owner) {
      return run("readonly", function (store) { return store.getAll(); }).then(function (all) {
        return (all || []).filter(function (report) {
          return owner && report.owner === owner;
        }).sort(function (a, b) { return a.saved - b.saved; });
      });
    }
  };
})();
