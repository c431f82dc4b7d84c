/** The devices that receive an account's pushes (`push_subscriptions`): one row per endpoint. */
import { newId, type PushSubscriptionReq, type PushSubscriptionView } from '@volley/shared';
import type { Db } from '../db/connect.js';

export interface StoredSubscription {
  id: string;
  userId: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

interface Row {
  id: string;
  user_id: string;
  session_id: string | null;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Date | string;
}

/**
 * Push services a subscription may name: a server posting to any URL a user gives would be a way
 * into the network behind it.
 */
const KNOWN_SERVICES = [/^fcm\.googleapis\.com$/, /^updates\.push\.services\.mozilla\.com$/, /(^|\.)push\.apple\.com$/, /\.notify\.windows\.com$/];

export function isPushService(endpoint: string, extraOrigins: readonly string[]): boolean {
  const url = new URL(endpoint);
  if (extraOrigins.includes(url.origin)) return true;
  return url.protocol === 'https:' && url.port === '' && KNOWN_SERVICES.some((host) => host.test(url.hostname));
}

export class PushSubscriptions {
  constructor(private readonly db: Db) {}

  /**
   * Saves a device's subscription (a device subscribing again, or for another account, replaces its
   * row); past `kept` devices, the account's oldest are dropped.
   */
  async save(userId: string, sessionId: string | null, subscription: PushSubscriptionReq, kept: number): Promise<PushSubscriptionView> {
    const row = { id: newId(), user_id: userId, session_id: sessionId, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, created_at: new Date() };
    const [saved] = (await this.db('push_subscriptions')
      .insert(row)
      .onConflict('endpoint')
      .merge(['user_id', 'session_id', 'p256dh', 'auth', 'created_at'])
      .returning('*')) as Row[];
    const newest = this.db('push_subscriptions').where({ user_id: userId }).orderBy('created_at', 'desc').limit(kept).select('id');
    await this.db('push_subscriptions').where({ user_id: userId }).whereNotIn('id', newest).delete();
    return view(saved!);
  }

  /** False when the account has no such subscription. */
  async remove(userId: string, id: string): Promise<boolean> {
    const removed: unknown[] = await this.db('push_subscriptions').where({ user_id: userId, id }).delete().returning('id');
    return removed.length > 0;
  }

  async list(userId: string): Promise<PushSubscriptionView[]> {
    const rows: Row[] = await this.db('push_subscriptions').where({ user_id: userId }).orderBy('id');
    return rows.map(view);
  }

  async forUser(userId: string): Promise<StoredSubscription[]> {
    return (await this.forUsers([userId])).get(userId) ?? [];
  }

  /** Each account's devices (none: absent), in one statement. */
  async forUsers(userIds: readonly string[]): Promise<Map<string, StoredSubscription[]>> {
    const rows: Row[] = userIds.length === 0 ? [] : await this.db('push_subscriptions').whereIn('user_id', userIds);
    const devices = new Map<string, StoredSubscription[]>();
    for (const row of rows) devices.set(row.user_id, [...(devices.get(row.user_id) ?? []), { id: row.id, userId: row.user_id, endpoint: row.endpoint, keys: { p256dh: row.p256dh, auth: row.auth } }]);
    return devices;
  }

  /** The push service said the subscription is gone (404, 410). */
  async drop(id: string): Promise<void> {
    await this.db('push_subscriptions').where({ id }).delete();
  }
}

const view = (row: Row): PushSubscriptionView => ({
  id: row.id,
  sessionId: row.session_id,
  service: new URL(row.endpoint).origin,
  createdAt: new Date(row.created_at).toISOString(),
});
