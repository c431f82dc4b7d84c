/**
 * Web Push (docs/architecture.md, "Notifications"): a device's push subscription, and the
 * account's notification settings, which every device follows.
 */
import { z } from 'zod';
import { Id } from '../base-schemas.js';
import { PUSH_KINDS } from './constants.js';

/**
 * Base64url of a key of a known size, padded or not. The length is in the pattern, and its upper
 * bound also as `max`, where a generator of valid input (the api's fuzz) reads both.
 */
const Base64Url = (pattern: RegExp, max: number) => z.string().max(max).regex(pattern, 'base64url of the expected length');

/** `POST /api/v1/me/push-subscriptions`: what `PushSubscription.toJSON()` gives, in a browser. */
export const PushSubscriptionReq = z.strictObject({
  endpoint: z
    .string()
    .max(2048)
    .pipe(z.url({ protocol: /^https?$/ })),
  expirationTime: z.number().int().nonnegative().nullable().optional(),
  keys: z.strictObject({
    /** The device's P-256 public key, uncompressed (65 bytes: 87 characters). */
    p256dh: Base64Url(/^[A-Za-z0-9_-]{86,88}={0,2}$/, 90),
    /** The 16-byte authentication secret (22 characters). */
    auth: Base64Url(/^[A-Za-z0-9_-]{21,24}={0,2}$/, 26),
  }),
});
export type PushSubscriptionReq = z.infer<typeof PushSubscriptionReq>;

/** One device that receives pushes: `GET /api/v1/me/push-subscriptions`. */
export const PushSubscriptionView = z.object({
  id: z.string(),
  /** The session (refresh family) it was subscribed from, null once that session ended. */
  sessionId: z.string().nullable(),
  /** The push service's origin (`https://fcm.googleapis.com`): the endpoint itself is a secret. */
  service: z.string(),
  createdAt: z.string(),
});
export type PushSubscriptionView = z.infer<typeof PushSubscriptionView>;

export type PushKind = (typeof PUSH_KINDS)[number];

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone');

/** `GET`/`PUT /api/v1/me/notification-settings`. */
export const NotificationSettings = z.strictObject({
  push: z.strictObject(Object.fromEntries(PUSH_KINDS.map((kind) => [kind, z.boolean()])) as Record<PushKind, z.ZodBoolean>),
  /** What a push shows on a locked screen: the sender and the start of the text, or the sender only. */
  preview: z.enum(['full', 'sender']),
  /** No push from `start` to `end` (local time in `timeZone`; may run past midnight). */
  quietHours: z.strictObject({ start: Clock, end: Clock, timeZone: TimeZone }).nullable(),
  /** Conversations that notify nothing (mentions and messages included): the level `nothing`. */
  muted: z.array(Id).max(500),
  /** Conversations at a level chosen other than `nothing` (notification-levels.ts); the others are at their default. */
  levels: z.record(Id, z.enum(['all', 'mentions'])).refine((levels) => Object.keys(levels).length <= 500, 'at most 500 conversations')
    .default({}),
});
export type NotificationSettings = z.infer<typeof NotificationSettings>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  push: { mention: true, message: true, friend_request: true, game_invite: true, match_ready: true },
  preview: 'full',
  quietHours: null,
  muted: [],
  levels: {},
};

/** `GET /api/v1/push/key`: the server's VAPID public key, for `PushManager.subscribe`. */
export const PushKeyView = z.object({ publicKey: z.string() });
export type PushKeyView = z.infer<typeof PushKeyView>;

/**
 * What a push carries: Safari's Declarative Web Push (`web_push: 8030`, shown as is when no
 * service worker takes it) with our own fields beside it for the service worker.
 */
export interface PushPayload {
  web_push: 8030;
  notification: { title: string; body: string; navigate: string; tag: string; silent?: boolean };
  /** The notification's id in the user's document, when it has one (marked read on click). */
  id?: string;
  /**
   * An end-to-end encrypted message's ciphertext, as its conversation relays it, for the service
   * worker to read with the device's keys (the notification's body then its words); absent when the
   * person chose "sender only", or when it would not fit a push.
   */
  sealed?: SealedPush;
}

export interface SealedPush {
  /** Whose device may read it: the account the push is for. */
  to: string;
  convId: string;
  id: string;
  author: string;
  at: string;
  /** The Megolm content, as JSON. */
  body: string;
}

