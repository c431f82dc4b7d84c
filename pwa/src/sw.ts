/**
 * The service worker: precaches the app shell (every built asset and index.html), answers app
 * navigations with index.html, and leaves the server's paths alone. API responses are never
 * cached: offline data lives in Dexie and the Yjs documents.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Parameters<typeof precacheAndRoute>[0] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  new NavigationRoute(createHandlerBoundToURL('index.html'), {
    // `/game/<id>` is an app page; the game's socket never passes through the worker.
    denylist: [/^\/api\//, /^\/sync\//, /^\/media\//, /^\/healthz$/],
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
