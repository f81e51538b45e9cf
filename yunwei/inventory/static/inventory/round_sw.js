/* The inspection rounds' service worker: a round page visited once opens again without a
 * network (machine rooms without a signal). Served by the inventory at
 * /inventory/rounds/sw.js?v=<version> with the scope /inventory/rounds/, so it controls the
 * round pages only. A round page is fetched from the network first and kept; without a
 * network the kept copy is shown. The files the page lists (its styles and scripts) are
 * kept when it asks, and served from the copy. The version (a hash of the files, made by
 * the server) names the cache: a new deployment installs a new worker and deletes the old
 * copies. A round page that answers with a redirect (logged out) or an error drops every
 * copy. Answers given offline are not this worker's: round_offline.js keeps them in
 * IndexedDB. Vendored, no library. */
"use strict";
var VERSION = new URL(self.location.href).searchParams.get("v") || "0";
var PREFIX = "yunwei-rounds-";
var CACHE = PREFIX + VERSION;
var ROUND_PAGE = /^\/inventory\/rounds\/\d+\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) {
      return k.indexOf(PREFIX) === 0 && k !== CACHE;
    }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function sameOrigin(url) { return url.origin === self.location.origin; }

function keepable(path) {
  return ROUND_PAGE.test(path) || path.indexOf("/static/") === 0;
}

/* The page asks to keep itself and its files (its first visit is not yet controlled). */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "keep" || !Array.isArray(data.urls)) { return; }
  var port = event.ports && event.ports[0];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(data.urls.map(function (raw) {
      var url = new URL(raw, self.location.href);
      if (!sameOrigin(url) || !keepable(url.pathname)) { return false; }
      var key = url.pathname + (ROUND_PAGE.test(url.pathname) ? "" : url.search);
      return cache.match(key).then(function (hit) {
        if (hit && !ROUND_PAGE.test(url.pathname)) { return true; }
        return fetch(key, {credentials: "same-origin", redirect: "manual"}).then(function (r) {
          if (!r.ok || r.type !== "basic") { return false; }
          return cache.put(key, r).then(function () { return true; });
        }, function () { return Boolean(hit); });
      });
    }));
  }).then(function (kept) {
    if (port) { port.postMessage({kept: kept.filter(Boolean).length}); }
  }, function () {
    if (port) { port.postMessage({kept: 0}); }
  }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (!sameOrigin(url)) { return; }
  if (req.mode === "navigate" && ROUND_PAGE.test(url.pathname)) {
    event.respondWith(fetch(req).then(function (r) {
      if (r.ok && r.type === "basic") {
        var copy = r.clone();
        caches.open(CACHE).then(function (c) { return c.put(url.pathname, copy); });
      } else if (r.type === "opaqueredirect" || r.status === 403 || r.status === 404) {
        caches.delete(CACHE);  // logged out or no longer allowed: keep nothing
      }
      return r;
    }, function () {
      return caches.open(CACHE).then(function (c) { return c.match(url.pathname); })
        .then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(CACHE).then(function (c) {
      return c.match(url.pathname + url.search);
    }).then(function (hit) { return hit || fetch(req); }));
  }
});
