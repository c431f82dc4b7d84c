import { IdParams, NotificationSettings, PushSubscriptionReq } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const SubscribeReq = { body: PushSubscriptionReq };
export type SubscribeReq = RequestInput<typeof SubscribeReq>;

export const UnsubscribeReq = { params: IdParams };
export type UnsubscribeReq = RequestInput<typeof UnsubscribeReq>;

export const SettingsReq = { body: NotificationSettings };
export type SettingsReq = RequestInput<typeof SettingsReq>;
