/**
 * How much a conversation notifies (pure): `all` (its new messages are entries of the centre),
 * `mentions` (only mentions of me), `nothing`. A DM notifies everything by default; a channel and
 * #general only mentions: an ordinary message there notifies no one. A level chosen for a
 * conversation is kept in the account's notification settings (`levels`, every device follows;
 * `muted` is `nothing`, which the server's pushes honour too).
 */
import type { ConversationKind } from '@volley/shared';

export type NotificationLevel = 'all' | 'mentions' | 'nothing';
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ['all', 'mentions', 'nothing'];

interface Chosen {
  muted: readonly string[];
  levels?: Readonly<Record<string, NotificationLevel>>;
}

export const defaultLevel = (kind: ConversationKind): NotificationLevel => (kind === 'dm' ? 'all' : 'mentions');

/** The level of conversation `id` of this kind (unknown: a channel's), with what I chose if I did. */
export function levelOf(id: string, kind: ConversationKind | undefined, chosen: Chosen | null): NotificationLevel {
  if (chosen?.muted.includes(id)) return 'nothing';
  return chosen?.levels?.[id] ?? defaultLevel(kind ?? 'channel');
}
