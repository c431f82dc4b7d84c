/**
 * The push worker: a service worker of its own, on a scope no page has (`/push/`), that this
 * device's push subscription is made on (src/pwa/web-push.ts). It starts for a push or a click on
 * its notification, never for a page, so what it carries — Matrix's crypto machine, to read an
 * encrypted message's words with the device's keys (e2ee/pushed.ts) — adds nothing to the start of
 * the app's worker (sw.ts), which every cold open waits for (bench/sw-start.ts).
 */
import type { SealedPush } from '@volley/shared';
import { pushedText } from './e2ee/pushed.js';
import { clicked, readPush, show } from './push-notice.js';

declare const self: ServiceWorkerGlobalScope;

// No page is ever controlled by this worker: a new version takes over at once.
self.addEventListener('install', () => void self.skipWaiting());

/** How long a push waits for its encrypted words (the machine's WebAssembly compiled from the cache) before it shows who wrote. */
const READ_WAIT_MS = 5_000;

/** The encrypted message's words, read on this device, or null: no keys for it here, or not in time. */
async function wordsOf(sealed: SealedPush | undefined): Promise<string | null> {
  if (!sealed) return null;
  const late = new Promise<null>((resolve) => setTimeout(() => resolve(null), READ_WAIT_MS));
  return Promise.race([pushedText(sealed).catch(() => null), late]);
}

self.addEventListener('push', (event) => {
  const push = readPush(event.data);
  if (!push) return;
  event.waitUntil(wordsOf(push.sealed).then((words) => show(push, words)));
});

self.addEventListener('notificationclick', clicked);
