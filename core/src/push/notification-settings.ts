/** The account's notification settings (`users.notification_settings`, null: the defaults), and what they let through. */
import { DEFAULT_NOTIFICATION_SETTINGS, levelOf, NotificationSettings } from '@volley/shared';
import type { Db } from '../db/connect.js';
import type { PushTraits } from './pushable.js';

export async function loadNotificationSettings(db: Db, userId: string): Promise<NotificationSettings> {
  const row: { notification_settings: unknown } | undefined = await db('users').where({ id: userId }).first('notification_settings');
  return parseSettings(row?.notification_settings);
}

export async function saveNotificationSettings(db: Db, userId: string, settings: NotificationSettings): Promise<void> {
  await db('users').where({ id: userId }).update({ notification_settings: JSON.stringify(settings) });
}

/** What was stored, read defensively: a part this version does not know falls back to its default. */
export function parseSettings(stored: unknown): NotificationSettings {
  const value = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
  if (!value || typeof value !== 'object') return DEFAULT_NOTIFICATION_SETTINGS;
  const merged = { ...DEFAULT_NOTIFICATION_SETTINGS, ...value, push: { ...DEFAULT_NOTIFICATION_SETTINGS.push, ...(value as { push?: object }).push } };
  return NotificationSettings.safeParse(merged).data ?? DEFAULT_NOTIFICATION_SETTINGS;
}

/**
 * Whether these settings let a push through at `now`: its kind on, its conversation's level (a
 * message needs `all`, anything else from a conversation anything but `nothing`), not in quiet hours.
 */
export function allowsPush(settings: NotificationSettings, { setting, convId, convKind }: Pick<PushTraits, 'setting' | 'convId' | 'convKind'>, now: Date): boolean {
  if (!settings.push[setting]) return false;
  if (convId) {
    const level = levelOf(convId, convKind, settings);
    if (level === 'nothing' || (setting === 'message' && level !== 'all')) return false;
  }
  return !settings.quietHours || !inQuietHours(settings.quietHours, now);
}

function inQuietHours(quiet: NonNullable<NotificationSettings['quietHours']>, now: Date): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: quiet.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  const local = `${part('hour')}:${part('minute')}`;
  // Running past midnight (22:00–07:00): quiet from start to midnight and from midnight to end.
  return quiet.start <= quiet.end ? local >= quiet.start && local < quiet.end : local >= quiet.start || local < quiet.end;
}
