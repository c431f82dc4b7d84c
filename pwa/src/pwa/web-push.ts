/**
 * This device's push subscription (docs/architecture.md, "Notifications"): asked for with the
 * browser's permission, made on the push worker (src/push-worker.ts), saved on the server for the
 * signed-in account, dropped on request. The id the server gave it is kept on this device, to drop
 * it again.
 */
import type { ApiClient } from '@volley/client';

const SAVED_ID = 'volley.pushSubscription';
const PUSH_WORKER = '/push-worker.js';
/** A scope no page has: the push worker starts for pushes only. */
const PUSH_SCOPE = '/push/';

/** The push worker's registration, made (or updated) and active. */
async function pushWorker(): Promise<ServiceWorkerRegistration> {
  const registration = await navigator.serviceWorker.register(PUSH_WORKER, { scope: PUSH_SCOPE });
  const coming = registration.installing ?? registration.waiting;
  if (!registration.active && coming) {
    await new Promise<void>((resolve) => coming.addEventListener('statechange', () => coming.state === 'activated' && resolve()));
  }
  return registration;
}

/** This device's subscriptions: the push worker's, and one made on the app's worker before there was a push worker. */
async function subscriptions(): Promise<PushSubscription[]> {
  const registrations = [await navigator.serviceWorker.getRegistration(PUSH_SCOPE), await navigator.serviceWorker.getRegistration('/')];
  const found = await Promise.all([...new Set(registrations)].map((registration) => registration?.pushManager.getSubscription()));
  return found.filter((subscription): subscription is PushSubscription => !!subscription);
}

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export const pushSupported = (): boolean => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  return (await subscriptions()).length > 0 && localStorage.getItem(SAVED_ID) ? 'on' : 'off';
}

/** Asks the browser for permission and a subscription, and gives it to the server. */
export async function enablePush(api: ApiClient): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return Notification.permission === 'denied' ? 'denied' : 'off';
  const { publicKey } = await api.request('GET', '/push/key', { schema: (s) => s.PushKeyView });
  const registration = await pushWorker();
  const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  const before = localStorage.getItem(SAVED_ID);
  const saved = await api.request('POST', '/me/push-subscriptions', { body: subscription.toJSON(), schema: (s) => s.PushSubscriptionView });
  localStorage.setItem(SAVED_ID, saved.id);
  // One made on the app's worker before there was a push worker goes: the device would be told twice.
  const earlier = await (await navigator.serviceWorker.getRegistration('/'))?.pushManager.getSubscription();
  if (earlier && earlier.endpoint !== subscription.endpoint) {
    await earlier.unsubscribe();
    if (before && before !== saved.id) await api.request('DELETE', `/me/push-subscriptions/${before}`).catch(() => undefined);
  }
  return 'on';
}

/** This device stops receiving pushes: at the push service and on the server. */
export async function disablePush(api: ApiClient): Promise<PushState> {
  await Promise.all((await subscriptions()).map((subscription) => subscription.unsubscribe()));
  const id = localStorage.getItem(SAVED_ID);
  localStorage.removeItem(SAVED_ID);
  if (id) await api.request('DELETE', `/me/push-subscriptions/${id}`).catch(() => undefined);
  return 'off';
}

/** The id the server gave this device's subscription, to tell it apart in the list of devices. */
export const thisDevicePush = (): string | null => localStorage.getItem(SAVED_ID);

/** Signing out: the server drops this session's subscription; this device forgets it too. */
export async function forgetPush(): Promise<void> {
  localStorage.removeItem(SAVED_ID);
  if (!pushSupported()) return;
  await Promise.all((await subscriptions()).map((subscription) => subscription.unsubscribe()));
}
