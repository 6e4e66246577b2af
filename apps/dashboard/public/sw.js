// Offline-first shell: the page and its hashed assets come from the cache when the server cannot be
// reached, so a partner on a train still opens the dashboard (its data then says it is offline).
// GraphQL is never cached here: answers are per token and must be fresh.
const CACHE = 'accord-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(['/', '/favicon.svg', '/manifest.webmanifest'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key)))).then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/graphql') || url.pathname === '/health') return;
  if (request.mode === 'navigate') {
    // Network first, so a new build shows at once; the cached page when offline.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            event.waitUntil(keepPage(copy));
          }
          return response;
        })
        .catch(() => caches.match('/').then((page) => page ?? offlinePage())),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change: cache first.
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});

/** Keeps the newest page, and drops cached assets it no longer names (each build has new hashed names). */
async function keepPage(response) {
  const cache = await caches.open(CACHE);
  const html = await response.clone().text();
  await cache.put('/', response);
  const named = new Set(html.match(/\/assets\/[^"']+/g) ?? []);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !named.has(path)) await cache.delete(request);
  }
}

function offlinePage() {
  return new Response('<!doctype html><meta charset="utf-8"><title>Accord</title><p>Accord cannot be reached, and this browser has not kept a copy of the page yet.</p>', {
    status: 503,
    headers: { 'content-type': 'text/html; charset=utf-8' },
  });
}
