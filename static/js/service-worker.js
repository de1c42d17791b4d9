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
   - Anything else (POSTs, uploads, other requests) goes to the network untouched. */
"use strict";

var STATIC_CACHE = "cop-static-" + PORTAL.version;
var PAGES_CACHE = "cop-pages-" + PORTAL.version;
var NEVER_KEPT = /^\/([a-z]{2}\/)?(accounts|admin)\//;

function offlinePages() {
  return Object.keys(PORTAL.offline).map(function (code) { return PORTAL.offline[code]; });
}

/* May this answer to a page be kept for reading offline? */
function keepable(request, response) {
  var url = new URL(request.url);
  return request.method === "GET" &&
    url.origin === self.location.origin &&
    !NEVER_KEPT.test(url.pathname) &&
    response.status === 200 &&
    response.type === "basic" &&
    !response.redirected &&
    response.headers.get("X-Offline-Cache") === "allow" &&
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
        if (!keepable(request, response)) { throw new Error("offline page: " + response.status); }
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

/* A sign-out (static/js/portal.js): every page kept goes, the offline pages come back. */
self.addEventListener("message", function (event) {
  if (event.data !== "signed-out") { return; }
  event.waitUntil(caches.delete(PAGES_CACHE).then(keepOfflinePages));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("cop-") === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE;
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
  return fetch(request).then(function (response) {
    var copy = keepable(request, response) ? response.clone() : null;
    var own = offlinePages().indexOf(new URL(request.url).pathname) !== -1;
    event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
      /* The server's latest answer decides: kept again, or no longer kept at all (but the
         offline pages, kept as a visitor sees them, for when the connection drops). */
      if (copy) { return cache.put(request, copy); }
      return own ? null : cache.delete(request, {ignoreVary: true});
    }));
    return response;
  }, function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(request, {ignoreVary: true}).then(function (kept) {
        return kept || cache.match(offlinePageFor(new URL(request.url)), {ignoreVary: true});
      });
    }).then(function (answer) {
      return answer || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf(PORTAL.static) === 0) {
    event.respondWith(fromCacheFirst(event));
  } else if (request.mode === "navigate") {
    event.respondWith(networkFirst(event));
  }
});
