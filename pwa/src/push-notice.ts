/**
 * A push shown as a system notification, and its click (docs/architecture.md, "Notifications"):
 * the server sends what a locked screen may show (shared/src/api/push.ts, PushPayload); a direct
 * conversation's pushes share a tag, so a second one replaces the first and says how many are
 * waiting. Used by the push worker (push-worker.ts) and, for a subscription made before it, by the
 * app's worker (sw.ts).
 */
import type { PushPayload } from '@volley/shared';

declare const self: ServiceWorkerGlobalScope;

export type Push = Pick<PushPayload, 'notification' | 'sealed'>;

/** The payload, checked: a push is input from outside. */
export function readPush(data: PushMessageData | null): Push | null {
  try {
    const value = data?.json() as Partial<Push> | undefined;
    const n = value?.notification;
    if (!(n && typeof n.title === 'string' && typeof n.body === 'string' && typeof n.navigate === 'string' && typeof n.tag === 'string')) return null;
    const s = value.sealed;
    const sealed = s && [s.to, s.convId, s.id, s.author, s.at, s.body].every((field) => typeof field === 'string') ? s : undefined;
    return { notification: n, ...(sealed && { sealed }) };
  } catch {
    return null;
  }
}

/** Shows the push, with `words` (an encrypted message read on this device) in place of the server's body. */
export async function show({ notification: n }: Push, words: string | null = null): Promise<void> {
  const said = words ?? n.body;
  const earlier = await self.registration.getNotifications({ tag: n.tag });
  const count = earlier.reduce((sum, shown) => sum + ((shown.data as { count?: number } | null)?.count ?? 1), 0) + 1;
  const body = count > 1 ? `${said}\n(+${count - 1})` : said;
  await self.registration.showNotification(n.title, { body, tag: n.tag, icon: '/icons/icon-192.png', data: { navigate: n.navigate, count } });
}

/** A click: an open window of the app is focused and taken to the push's place, or one is opened there. */
export function clicked(event: NotificationEvent): void {
  event.notification.close();
  const target = new URL((event.notification.data as { navigate?: string } | null)?.navigate ?? '/', self.location.origin);
  // Only a place of this app: a push cannot send the user elsewhere.
  const url = target.origin === self.location.origin ? target.href : self.location.origin;
  event.waitUntil(openOrFocus(url));
}

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
