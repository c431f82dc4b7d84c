/**
 * The service worker: precaches the app shell (every built asset and index.html), answers app
 * navigations with index.html, and leaves the server's paths alone. API responses are never
 * cached: offline data lives in Dexie and the Yjs documents.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';

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
    cacheName: 'volley-wasm',
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

// Web Push (docs/architecture.md, "Notifications"): the server sends what a locked screen may show
// (shared/src/api/push.ts, PushPayload); a direct conversation's pushes share a tag, so a second one
// replaces the first and says how many are waiting.
self.addEventListener('push', (event) => {
  const payload = readPush(event.data);
  if (!payload) return;
  event.waitUntil(show(payload));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL((event.notification.data as { navigate?: string } | null)?.navigate ?? '/', self.location.origin);
  // Only a place of this app: a push cannot send the user elsewhere.
  const url = target.origin === self.location.origin ? target.href : self.location.origin;
  event.waitUntil(openOrFocus(url));
});

interface Push {
  notification: { title: string; body: string; navigate: string; tag: string };
}

function readPush(data: PushMessageData | null): Push | null {
  try {
    const value = data?.json() as Partial<Push> | undefined;
    const n = value?.notification;
    return n && typeof n.title === 'string' && typeof n.body === 'string' && typeof n.navigate === 'string' && typeof n.tag === 'string' ? { notification: n } : null;
  } catch {
    return null;
  }
}

async function show({ notification: n }: Push): Promise<void> {
  const earlier = await self.registration.getNotifications({ tag: n.tag });
  const count = earlier.reduce((sum, shown) => sum + ((shown.data as { count?: number } | null)?.count ?? 1), 0) + 1;
  const body = count > 1 ? `${n.body}\n(+${count - 1})` : n.body;
  await self.registration.showNotification(n.title, { body, tag: n.tag, icon: '/icons/icon-192.png', data: { navigate: n.navigate, count } });
}

/** Focuses a window of the app and takes it to `url`, or opens one. */
async function openOrFocus(url: string): Promise<void> {
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (!open) {
    await self.clients.openWindow(url);
    return;
  }
  // A browser may refuse the focus (no click it trusts): the window still goes to the place.
  const focused = await open.focus().catch(() => open);
  // The page routes itself (followPushClicks, src/pwa/web-push.ts); navigate() would reload the app.
  focused.postMessage({ type: 'NAVIGATE', url });
}
