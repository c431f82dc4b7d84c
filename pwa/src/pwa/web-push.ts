/**
 * This device's push subscription (docs/architecture.md, "Notifications"): asked for with the
 * browser's permission, saved on the server for the signed-in account, dropped on request. The id
 * the server gave it is kept on this device, to drop it again.
 */
import type { ApiClient } from '@volley/client';

const SAVED_ID = 'volley.pushSubscription';

export type PushState = 'unsupported' | 'denied' | 'off' | 'on';

export const pushSupported = (): boolean => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  return subscription && localStorage.getItem(SAVED_ID) ? 'on' : 'off';
}

/** Asks the browser for permission and a subscription, and gives it to the server. */
export async function enablePush(api: ApiClient): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if ((await Notification.requestPermission()) !== 'granted') return Notification.permission === 'denied' ? 'denied' : 'off';
  const { publicKey } = await api.request('GET', '/push/key', { schema: (s) => s.PushKeyView });
  const registration = await navigator.serviceWorker.ready;
  const subscription = (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  const saved = await api.request('POST', '/me/push-subscriptions', { body: subscription.toJSON(), schema: (s) => s.PushSubscriptionView });
  localStorage.setItem(SAVED_ID, saved.id);
  return 'on';
}

/** This device stops receiving pushes: at the push service and on the server. */
export async function disablePush(api: ApiClient): Promise<PushState> {
  const registration = await navigator.serviceWorker.getRegistration();
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
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
  const registration = await navigator.serviceWorker.getRegistration();
  await (await registration?.pushManager.getSubscription())?.unsubscribe();
}
