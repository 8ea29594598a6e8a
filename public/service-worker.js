// The offline copy of the AI Cities Index. scripts/service-worker.mjs writes this file into the
// build with VERSION, a hash of every file the site is made of, and FILES, their paths: so each
// build is a new worker, with a cache of its own.
//
// On install the worker stores every file of its build in its cache; on activation it deletes
// the caches of earlier builds. Online, every request goes to the network as if there were no
// worker, so a deploy (or a rebuild under `trunk serve`) is seen at once; only when the network
// fails does it answer a file of the site from its cache, which holds one whole build. A new
// build's worker installs beside the old one and takes over once no page of the old one is open.

const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `ai-cities-index-${VERSION}`;
const PREFIX = 'ai-cities-index-';

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener('install', (event) => {
  // Past the browser's HTTP cache, which may hold an earlier build's file of the same name.
  const fresh = FILES.map((path) => new Request(scoped(path), { cache: 'no-cache' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(fresh)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key)))),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // A page's address carries the view in its query string; every one is the same document.
  const key = request.mode === 'navigate' ? scoped('./') : request;
  event.respondWith(
    fetch(request).catch(async (error) => {
      const cached = await caches.open(CACHE).then((cache) => cache.match(key, { ignoreSearch: true }));
      if (cached) return cached;
      throw error;
    }),
  );
});
