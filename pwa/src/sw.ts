/**
 * The service worker: precaches the app shell (every built asset and index.html), answers app
 * navigations with index.html, and leaves the server's paths alone. API responses are never
 * cached: offline data lives in Dexie and the Yjs documents.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { WASM_CACHE } from './e2ee/store-names.js';
import { clicked, readPush, show } from './push-notice.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    // `/game/<id>` is an app page; the game's socket never passes through the worker.
    denylist: [/^\/api\//, /^\/sync\//, /^\/media\//, /^\/healthz$/],
  }),
);

// The crypto machine of encrypted conversations (several megabytes) is not precached for everyone:
// it is kept the first time an encrypted conversation fetches it, then read from here, offline too.
// Its name carries its content's hash; the app has one such module, so a new build's replaces the old.
registerRoute(
  ({ url, request }) => url.origin === self.location.origin && request.method === 'GET' && url.pathname.endsWith('.wasm'),
  new CacheFirst({
    cacheName: WASM_CACHE,
    plugins: [
      {
        cacheDidUpdate: async ({ cacheName, request }) => {
          const cache = await caches.open(cacheName);
          for (const key of await cache.keys()) if (key.url !== request.url) await cache.delete(key);
        },
      },
    ],
  }),
);

// The first install takes the open page at once, so it works offline without a reload. Later
// versions wait until the user accepts the update (the page sends SKIP_WAITING).
clientsClaim();

self.addEventListener('message', (event) => {
  const type = (event.data as { type?: string } | null)?.type;
  if (type === 'SKIP_WAITING') void self.skipWaiting();
  // A page still loading when this worker activated was passed over by the claim above (only
  // pages ready to run are claimed); it asks, once loaded, to be taken too (src/pwa/app-update.ts).
  if (type === 'CLAIM') event.waitUntil(self.clients.claim());
});

// Pushes come to the push worker (push-worker.ts); a subscription made on this worker before it
// existed is still shown here, as the server words it.
self.addEventListener('push', (event) => {
  const push = readPush(event.data);
  if (push) event.waitUntil(show(push));
});

self.addEventListener('notificationclick', clicked);
