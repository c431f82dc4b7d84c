/**
 * How much a conversation notifies (pure; the server's pushes and the app's notifications centre
 * read it alike): `all` (its new messages notify), `mentions` (only mentions of me), `nothing`.
 * A DM notifies everything by default; a channel and #general only mentions, so an ordinary
 * message there notifies no one. What I chose is kept in the account's notification settings:
 * `nothing` as the conversation in `muted`, `all` or `mentions` in `levels`.
 */
import type { ConversationKind } from './api/conversations.js';

export const NOTIFICATION_LEVELS = ['all', 'mentions', 'nothing'] as const;
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number];

/** What the account chose (a part of NotificationSettings). */
export interface ChosenLevels {
  muted: readonly string[];
  levels?: Readonly<Record<string, Exclude<NotificationLevel, 'nothing'>>>;
}

export const defaultLevel = (kind: ConversationKind): NotificationLevel => (kind === 'dm' ? 'all' : 'mentions');

/** The level of conversation `id` of this kind (unknown: a channel's), with what I chose if I did. */
export function levelOf(id: string, kind: ConversationKind | undefined, chosen: ChosenLevels | null): NotificationLevel {
  if (chosen?.muted.includes(id)) return 'nothing';
  return chosen?.levels?.[id] ?? defaultLevel(kind ?? 'channel');
}

/** `chosen` with conversation `id` at `level`: `nothing` is its mute, the others its entry in `levels`. */
export function withLevel<T extends ChosenLevels>(chosen: T, id: string, level: NotificationLevel): T {
  const muted = chosen.muted.filter((m) => m !== id);
  const { [id]: _, ...levels } = chosen.levels ?? {};
  return level === 'nothing' ? { ...chosen, muted: [...muted, id], levels } : { ...chosen, muted, levels: { ...levels, [id]: level } };
}
