/* The portal's service worker, answered at /service-worker.js by cop_portal/pages/webapp.py,
   which writes PORTAL above this line: {version, shell: [the app shell's static URLs],
   offline: {km: "/km/offline/", en: ...}, defaultLanguage, static: "/static/"}.

   - The app shell and the offline page of each language are kept when the worker installs;
     a new version (a deploy that changed any of them) drops the old caches.
   - Static files: from the cache first, else the network (and kept).
   - Pages (navigations): the network first. Without a connection, the copy kept of that
     page, else the offline page in the address's language.
   - Privacy: a page is kept only when the server marked its answer as one anybody may
     see (X-Offline-Cache: allow: a 200 GET of this site, to nobody signed in). Nothing
     else is kept: no page of a members-only community, no signed-in page, nothing under
     /accounts/ or /admin/, no POST, no answer that clears the site's data (a sign-out).
     An answer that may not be kept also removes any copy kept of its page before.
   - The pages a person needs to log an activity offline (the activity form with their
     choices, the list of their waiting reports) are marked X-Offline-Cache: person; they
     are kept apart (PERSON_CACHE), dropped at sign-out and as soon as a page names
     another person (the pages say whose they are: {type: "hello", owner}).
   - The outbox: the activity form sent without a connection, or answered 408 or 5xx, is
     kept in IndexedDB (static/js/outbox-store.js) under its submission id, and the
     person is led to the list of waiting reports. Each is sent again, once, by
     sendWaiting(): when a page of its person loads or the connection comes back
     (portal.js says hello), on a timer, and by Background Sync where the browser has it.
   - Anything else (other POSTs, uploads, other requests) goes to the network untouched. */
"use strict";

importScripts(PORTAL.outboxStore);

var STATIC_CACHE = "cop-static-" + PORTAL.version;
var PAGES_CACHE = "cop-pages-" + PORTAL.version;
var PERSON_CACHE = "cop-person-" + PORTAL.version;
var META_CACHE = "cop-meta";  /* whose pages PERSON_CACHE holds; kept across versions */
var FORM = /^\/([a-z]{2})\/activities\/new\/$/;
var NEVER_KEPT = /^\/([a-z]{2}\/)?(accounts|admin)\//;

/* The pages kept as a visitor sees them, in each language: the offline page and the
   list of waiting reports (which its script fills from this phone's storage). */
function offlinePages() {
  return Object.keys(PORTAL.offline).map(function (code) {
    return [PORTAL.offline[code], PORTAL.outbox[code]];
  }).reduce(function (all, pair) { return all.concat(pair); }, []);
}

/* How this answer to a page may be kept for reading offline: "allow" (for anybody),
   "person" (for this person only), or null (not at all). */
function keptAs(request, response) {
  var mark = response.headers.get("X-Offline-Cache");
  return keepable(request, response, mark) ? mark : null;
}

function keepable(request, response, mark) {
  var url = new URL(request.url);
  return request.method === "GET" &&
    url.origin === self.location.origin &&
    !NEVER_KEPT.test(url.pathname) &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    (mark === "allow" || mark === "person") &&
    response.headers.get("X-Offline-Cache") === mark &&
    !response.headers.has("Clear-Site-Data") &&
    !/no-store/.test(response.headers.get("Cache-Control") || "");
}

/* The offline page of each language, fetched without cookies: as a visitor sees it,
   nobody's name or communities in its header. */
function keepOfflinePages() {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(offlinePages().map(function (address) {
      var request = new Request(address, {credentials: "omit"});
      return fetch(request).then(function (response) {
        if (!keepable(request, response, "allow")) {
          throw new Error("offline page: " + response.status);
        }
        return cache.put(address, response);
      });
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(Promise.all([
    caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(PORTAL.shell); }),
    keepOfflinePages()
  ]).then(function () { return self.skipWaiting(); }));
});

/* A sign-out (static/js/portal.js): every page kept goes, the offline pages come back.
   A page's hello: whose it is; another person's pages kept before go, and this person's
   waiting reports are sent. */
self.addEventListener("message", function (event) {
  if (event.data === "signed-out") {
    event.waitUntil(Promise.all([caches.delete(PAGES_CACHE), caches.delete(PERSON_CACHE),
      setOwner("")]).then(keepOfflinePages));
  } else if (event.data && event.data.type === "forget") {
    /* Deleted at sign-out, by the person's choice. */
    event.waitUntil(OutboxStore.of(event.data.owner).then(function (reports) {
      return Promise.all(reports.map(function (report) {
        return OutboxStore.remove(report.submission);
      }));
    }));
  } else if (event.data && event.data.type === "hello") {
    event.waitUntil(setOwner(event.data.owner || "").then(function () {
      return sendWaiting(event.data.owner);
    }).then(function () {
      return refreshForm(event.data.language);
    }));
  } else if (event.data && event.data.type === "count" && event.source) {
    /* A page of nobody signed in (the session ended without a sign-out): how many of the
       last person's reports wait, for it to ask to sign in again; no titles. */
    var page = event.source;
    event.waitUntil(currentOwner().then(function (owner) {
      return owner ? OutboxStore.of(owner) : [];
    }).then(function (reports) {
      var waiting = reports.filter(function (report) { return report.state !== "sent"; });
      page.postMessage({type: "outbox", owner: "", waiting: waiting.length, signIn: true});
    }).catch(function () {}));
  }
});

/* The activity form of the person's language, with their choices (communities, types,
   organisations, objectives), kept fresh for use offline even before they open it: at
   most every 15 minutes, when a page of theirs says hello. */
var FORM_REFRESH = 15 * 60 * 1000;

function refreshForm(language) {
  if (!PORTAL.offline[language]) { return Promise.resolve(); }
  var address = "/" + language + "/activities/new/";
  return caches.open(META_CACHE).then(function (meta) {
    return meta.match("/form-" + language).then(function (kept) {
      return kept ? kept.text() : "0";
    }).then(function (when) {
      if (Date.now() - Number(when) < FORM_REFRESH) { return null; }
      /* Not led anywhere else: a redirect (to the two-step set-up, say, whose page makes a
         new secret each time it is opened) is not followed behind the person's back. */
      var request = new Request(address, {credentials: "same-origin", redirect: "manual"});
      /* Asked once in the quarter of an hour, whatever the answer (a guest, say, logs no
         activity: no further request on each of their pages). */
      return meta.put("/form-" + language, new Response(String(Date.now()))).then(function () {
        return fetch(request);
      }).then(function (response) {
        if (keptAs(request, response) !== "person") { return null; }
        return caches.open(PERSON_CACHE).then(function (person) {
          return person.put(address, response);
        });
      });
    });
  }).catch(function () {});
}

function forgetFormRefresh() {
  return caches.open(META_CACHE).then(function (meta) {
    return Promise.all(Object.keys(PORTAL.offline).map(function (code) {
      return meta.delete("/form-" + code);
    }));
  });
}

function setOwner(owner) {
  return caches.open(META_CACHE).then(function (meta) {
    return meta.match("/owner").then(function (kept) {
      return kept ? kept.text() : "";
    }).then(function (before) {
      if (before === owner) { return null; }
      return Promise.all([
        before ? caches.delete(PERSON_CACHE) : null,
        meta.put("/owner", new Response(owner))
      ]);
    });
  });
}

function currentOwner() {
  return caches.open(META_CACHE).then(function (meta) {
    return meta.match("/owner");
  }).then(function (kept) { return kept ? kept.text() : ""; });
}

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("cop-") === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE &&
        name !== PERSON_CACHE && name !== META_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCacheFirst(event) {
  return caches.open(STATIC_CACHE).then(function (cache) {
    return cache.match(event.request).then(function (kept) {
      if (kept) { return kept; }
      return fetch(event.request).then(function (response) {
        if (response.status === 200 && response.type === "basic" &&
            !response.headers.has("Clear-Site-Data")) {
          event.waitUntil(cache.put(event.request, response.clone()));
        }
        return response;
      });
    });
  });
}

/* The offline page in the language of the address (/km/..., /en/...), else the browser's,
   else the portal's first language. */
function offlinePageFor(url) {
  var prefix = url.pathname.split("/")[1];
  var browser = (self.navigator.language || "").slice(0, 2);
  var code = PORTAL.offline[prefix] ? prefix :
    PORTAL.offline[browser] ? browser : PORTAL.defaultLanguage;
  return PORTAL.offline[code];
}

function networkFirst(event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  return fetch(request).then(function (response) {
    var mark = keptAs(request, response);
    var copy = mark ? response.clone() : null;
    var own = offlinePages().indexOf(path) !== -1;
    event.waitUntil(Promise.all([caches.open(PAGES_CACHE), caches.open(PERSON_CACHE)])
      .then(function (both) {
        var pages = both[0], person = both[1];
        /* The server's latest answer decides: kept again, or no longer kept at all (but
           the offline pages, kept as a visitor sees them, for when the connection drops). */
        var forget = [own ? null : pages.delete(request, {ignoreVary: true}),
          person.delete(request, {ignoreVary: true})];
        return Promise.all(forget).then(function () {
          if (copy) { return (mark === "person" ? person : pages).put(request, copy); }
          return null;
        });
      }));
    return response;
  }, function () {
    return keptPage(request).then(function (answer) {
      return answer || Response.error();
    });
  });
}

/* Without a connection: the copy kept of the page (the list of waiting reports whatever
   its query), else the offline page in the address's language. */
function keptPage(request) {
  var url = new URL(request.url);
  var options = {ignoreVary: true, ignoreSearch: PORTAL.outbox[url.pathname.split("/")[1]] ===
    url.pathname};
  return Promise.all([caches.open(PERSON_CACHE), caches.open(PAGES_CACHE)]).then(function (both) {
    return both[0].match(request, options).then(function (kept) {
      return kept || both[1].match(request, options);
    }).then(function (kept) {
      return kept || both[1].match(offlinePageFor(url), {ignoreVary: true});
    });
  });
}

/* The outbox ----------------------------------------------------------------------- */

function languageOf(url) {
  var prefix = url.pathname.split("/")[1];
  return PORTAL.offline[prefix] ? prefix : PORTAL.defaultLanguage;
}

/* The activity form sent: to the network; kept on this phone when that fails. */
function sendOrKeep(event) {
  var copy = event.request.clone();
  return fetch(event.request).then(function (response) {
    if (response.status === 408 || response.status >= 500) { return keep(copy, response); }
    return response;
  }, function () {
    return keep(copy, null);
  });
}

function keep(request, failed) {
  var url = new URL(request.url);
  var language = languageOf(url);
  return request.formData().then(function (data) {
    var submission = data.get("submission");
    if (!submission) { return failed || Response.error(); }
    var fields = [];
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") { return; }
      if (typeof value === "string") {
        fields.push([name, value]);
      } else if (value.size) { /* an empty file input sends an empty part: left out */
        fields.push([name, {file: value, name: value.name}]);
      }
    });
    var report = {
      submission: submission,
      owner: data.get("outbox-owner") || "",
      language: language,
      action: url.pathname,
      fields: fields,
      title: data.get("title_" + language) || data.get("title_km") || data.get("title_en") || "",
      date: data.get("start_date") || "",
      saved: Date.now(),
      state: "waiting",
      answer: null
    };
    return OutboxStore.get(submission).then(function (before) {
      /* Sent twice while offline (a second tap): one report, the latest content. */
      if (before && before.state === "sent") { return null; }
      return OutboxStore.put(report);
    }).then(function () {
      if (self.registration.sync) {
        self.registration.sync.register("outbox").catch(function () {});
      }
      broadcast(report.owner);
      return Response.redirect(PORTAL.outbox[language] + "?kept=" + encodeURIComponent(submission), 303);
    });
  }).catch(function () {
    return failed || Response.error();
  });
}

var sending = null;

/* Each waiting report of `owner`, sent once, one after the other; a second call while
   they are on their way waits for the same round. */
function sendWaiting(owner) {
  if (!owner) { return Promise.resolve(); }
  if (sending) { return sending; }
  sending = OutboxStore.of(owner).then(function (reports) {
    return reports.filter(function (report) {
      return report.state === "waiting" || report.state === "sign-in";
    }).reduce(function (round, report) {
      return round.then(function () { return sendOne(report); });
    }, Promise.resolve());
  }).catch(function () {}).then(function () {
    sending = null;
    broadcast(owner);
  });
  return sending;
}

function sendOne(report) {
  var address = "/" + report.language + "/activities/new/sent/";
  var options = {credentials: "same-origin", redirect: "manual",
    headers: {Accept: "application/json"}};
  return fetch(address, options).then(function (response) {
    if (response.status !== 200) { return settle(report, response.status, null); }
    return response.json().then(function (ready) {
      var body = new FormData();
      report.fields.forEach(function (field) {
        var value = field[1];
        if (value && value.file instanceof Blob) { body.append(field[0], value.file, value.name); }
        else if (typeof value === "string") { body.append(field[0], value); }
      });
      body.set("csrfmiddlewaretoken", ready.csrf);
      return fetch(address, {method: "POST", body: body, credentials: "same-origin",
        redirect: "manual", headers: {Accept: "application/json", "X-CSRFToken": ready.csrf}});
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (answer) {
        return settle(report, response.status, answer);
      });
    });
  }, function () {
    return null; /* no connection: it stays waiting */
  });
}

var STATES = {200: "sent", 201: "sent", 409: "review", 400: "refused", 403: "sign-in",
  0: "sign-in"};  /* 0: a redirect (to the sign-in page), not followed */

function settle(report, status, answer) {
  var state = STATES[status];
  if (!state) { return null; } /* 408, 5xx: it stays waiting, for the next round */
  report.state = state;
  report.answer = answer;
  report.tried = Date.now();
  return OutboxStore.put(report);
}

/* Every page of the person: how many of their reports wait (portal.js shows it). */
function broadcast(owner) {
  return OutboxStore.of(owner).then(function (reports) {
    var waiting = reports.filter(function (report) { return report.state !== "sent"; });
    var titles = waiting.map(function (report) { return report.title || report.date; });
    var signIn = waiting.some(function (report) { return report.state === "sign-in"; });
    return self.clients.matchAll({includeUncontrolled: true}).then(function (clients) {
      clients.forEach(function (client) {
        client.postMessage({type: "outbox", owner: owner, waiting: waiting.length,
          titles: titles, signIn: signIn});
      });
    });
  }).catch(function () {});
}

self.addEventListener("sync", function (event) {
  if (event.tag !== "outbox") { return; }
  event.waitUntil(currentOwner().then(sendWaiting));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && FORM.test(url.pathname)) {
    event.respondWith(sendOrKeep(event));
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.indexOf(PORTAL.static) === 0) {
    event.respondWith(fromCacheFirst(event));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  }
});
