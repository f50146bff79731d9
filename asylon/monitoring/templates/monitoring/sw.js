/* Asylon monitoring service worker: keeps the offline capture page and its assets.
   Served from /monitoring/sw.js so that its scope is /monitoring/. It never caches
   records or answers of the sync endpoint: records live encrypted in IndexedDB. */
const CACHE = "{{ cache }}";
const ASSETS = {{ assets|safe }};
const CAPTURE = "{{ capture }}";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname === CAPTURE) {
    // Network first, so a fresh page (and CSRF token) is used whenever there is one.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(CAPTURE, copy));
      }
      return response;
    }).catch(() => caches.match(CAPTURE)));
    return;
  }
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
  }
});
