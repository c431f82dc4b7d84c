/**
 * Presence travels as awareness, never in a document (docs/architecture.md §3).
 * - Each session sets its own awareness state in `user.<me>`: `{ status: 'online' | 'away' }`
 *   (away after 60 s without input or while the tab is hidden).
 * - The server sets, in each `user.<id>` room, an awareness state of its own:
 *   `{ presence: { [friendId]: 'online' | 'away' } }`; a friend missing from it is offline.
 *   Blocked users never appear, either way.
 * - The same server state carries `inbox`: conversation id → its latest message, for the
 *   conversations of the user that moved lately (docs/protocol.md). Ephemeral: the durable
 *   `lastSeq` is the API's (`GET /api/v1/conversations`), read when the app opens or reconnects.
 * - And `social` and `members`, stamps that move when the user's friends, requests or blocks, or
 *   a conversation's members, change: what a client shows of them is read again, without a poll.
 */
import { SYSTEM_SEQS_KEPT } from './api/constants.js';

export type PresenceStatus = 'online' | 'away' | 'offline';
export type SessionStatus = Exclude<PresenceStatus, 'offline'>;

export const AWAY_AFTER_MS = 60_000;

export interface SessionAwareness {
  status: SessionStatus;
}

/** How many UTF-16 units of a conversation's last message its preview keeps (signal and API). */
export const PREVIEW_LENGTH = 100;

/** A conversation's latest message as signalled: its seq, first characters, time (ISO 8601) and author (id, username). */
export interface InboxEntry {
  lastSeq: number;
  /** The message's id; absent from a server that predates it. An encrypted message's preview is '' (the server cannot read it): a device shows what it read under this id. */
  id?: string;
  preview: string;
  at: string;
  /** Absent from a server that predates them. */
  author?: string;
  authorName?: string;
  /** The message was deleted (preview ''); absent: it was not, or a server that predates the mark. */
  deleted?: boolean;
  /** When the message was last edited (ISO 8601; preview its new text); absent: never, or a server that predates the mark. */
  editedAt?: string;
  /** The system lines among the seqs this entry moves past: no one's new message, not counted unread; absent: none. */
  system?: number[];
}

/** The system lines of two signals of one conversation, as one (ascending, the newest `SYSTEM_SEQS_KEPT`); undefined for none. */
export function systemLinesOf(a: readonly number[] | undefined, b: readonly number[] | undefined): number[] | undefined {
  if (!a?.length && !b?.length) return undefined;
  return [...new Set([...(a ?? []), ...(b ?? [])])].sort((x, y) => x - y).slice(-SYSTEM_SEQS_KEPT);
}

type Moved = Pick<InboxEntry, 'lastSeq' | 'deleted' | 'editedAt'>;

/**
 * Whether `entry` tells more than `than` of the same conversation: a later message, or the same one
 * now deleted, or edited since. A signal never goes back, and a deletion is not undone.
 */
export const movesOn = (entry: Moved, than: Moved | undefined): boolean =>
  !than ||
  entry.lastSeq > than.lastSeq ||
  (entry.lastSeq === than.lastSeq && than.deleted !== true && (entry.deleted === true || (entry.editedAt !== undefined && entry.editedAt > (than.editedAt ?? ''))));

export interface ServerPresenceAwareness {
  presence: Record<string, SessionStatus>;
  inbox?: Record<string, InboxEntry>;
  /** Moves on (a time in ms) each time a friendship, friend request or block of the user changes: their lists are read again. */
  social?: number;
  /** Moves on (a time in ms) each time a to-device message is put into one of the user's device inboxes: their crypto devices read their inboxes. */
  deviceInbox?: number;
  /** Conversation id → when (ms) its members last changed (joined, left, removed), for the user's conversations that changed lately. */
  members?: Record<string, number>;
}

/** A stamp later than `previous`, whatever the clock says: two changes in one millisecond are two. */
export const nextStamp = (previous: number | undefined): number => Math.max(Date.now(), (previous ?? 0) + 1);

/** The best of several sessions' statuses: online wins over away. */
export const combineStatuses = (statuses: Iterable<SessionStatus>): PresenceStatus => {
  let best: PresenceStatus = 'offline';
  for (const s of statuses) {
    if (s === 'online') return 'online';
    best = 'away';
  }
  return best;
};
