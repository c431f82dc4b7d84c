/**
 * What a conversation shows: the server's messages (every loaded segment, in seq order, each id
 * once) followed by my ops for it that are not among them yet (the client library's pending-ops
 * view: undecided, refused, or accepted and not arrived), with my undecided and
 * accepted edits, deletes and reactions overlaid on their messages until the server's change
 * arrives; then the messages being streamed (`withStreams`). Pure, so it can be tested without a DOM.
 */
import type { LiveStream, OutgoingFile, OutgoingMessage, RefusedFiles } from '@volley/client';
import { excerpt, type GameSettings, type Message, type OutboxEntry, type RejectReason } from '@volley/shared';

export type MessageStatus = 'sent' | 'pending' | 'rejected';

/** One of my ops on a message that the server refused: shown on the message with Retry and Discard. */
export interface FailedChange {
  id: string;
  op: 'edit' | 'delete' | 'react' | 'pin';
  reason: RejectReason;
  detail?: string;
  /** The text of a refused edit, kept for a retry. */
  body?: string;
}

export interface TimelineItem extends Omit<Message, 'seq'> {
  /** Absent for my unsent messages. */
  seq?: number;
  status: MessageStatus;
  mine: boolean;
  /** My edit, delete or reaction on it is queued and not decided yet. */
  changing: boolean;
  failed: FailedChange[];
  reason?: RejectReason;
  detail?: string;
  /** My invitation not posted yet: whom it invites and how (the server's card then carries `game`). */
  invite?: { to: string; settings?: GameSettings };
  /** Being streamed: its text so far, no message yet. */
  streaming?: boolean;
  /** My message waiting for its files to upload (the library's file outbox): each file's state. */
  uploads?: OutgoingFile[];
  /** My message, sent without these files: the server refused them (each `error` says why). */
  refusedFiles?: OutgoingFile[];
  /** End-to-end encrypted (chat/encrypted-timeline.ts): how sure this device is of its author, or why it shows no text. */
  sealed?: Sealed;
}

export type Sealed = { trust: 'verified' | 'unverified' } | { reason: 'decrypting' | 'missing_key' | 'unverified_sender' | 'unreadable' };

/** What Edit may change: my message, not deleted, of text (not an invitation, a result or a sticker), not being streamed. */
export const editable = (item: TimelineItem): boolean =>
  item.mine && item.deletedAt === undefined && item.kind !== 'invite' && item.kind !== 'result' && item.kind !== 'system' && !item.sticker && !item.streaming && !(item.sealed && 'reason' in item.sealed);

/** What Report may send to the site's moderators: another's message, posted, that this device can read (not the server's own lines). */
export const reportable = (item: TimelineItem): boolean =>
  !item.mine && item.seq !== undefined && item.kind !== 'system' && !item.streaming && !(item.sealed && 'reason' in item.sealed);

export interface Me {
  id: string;
  username: string;
}

type Entries = ReadonlyMap<string, OutboxEntry>;
type ChangeEntry = Extract<OutboxEntry, { op: 'edit' | 'delete' | 'react' | 'pin' }>;
/** Ops that post a message under their own id: a send, an invitation card. */
const posts = (entry: OutboxEntry): entry is Extract<OutboxEntry, { op: 'send' | 'invite' }> => entry.op === 'send' || entry.op === 'invite';
/** Ops that change a message already posted (the accent changes the conversation, no message). */
const changesMessage = (entry: OutboxEntry): entry is ChangeEntry => entry.op === 'edit' || entry.op === 'delete' || entry.op === 'react' || entry.op === 'pin';

const byId = <T>([a]: [string, T], [b]: [string, T]): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildTimeline(messages: readonly Message[], outbox: Entries, convId: string, me: Me): TimelineItem[] {
  const mine = [...outbox].filter(([, entry]) => entry?.convId === convId).sort(byId);
  const changes = new Map<string, [string, ChangeEntry][]>();
  for (const [id, entry] of mine) {
    if (!changesMessage(entry)) continue;
    changes.set(entry.messageId, [...(changes.get(entry.messageId) ?? []), [id, entry]]);
  }
  const items: TimelineItem[] = messages.map((m) =>
    overlay({ ...m, status: 'sent', mine: m.author === me.id, changing: false, failed: [] }, changes.get(m.id) ?? [], me.id),
  );
  const shown = new Set(messages.map((m) => m.id));
  const lastSeq = messages.at(-1)?.seq ?? 0;
  for (const [id, entry] of mine) {
    // Accepted into the history already shown (a segment not loaded, in between): never at the end.
    if (!posts(entry) || shown.has(id) || (entry.seq !== undefined && entry.seq <= lastSeq)) continue;
    const quoted = entry.op === 'send' && entry.replyTo ? items.find((item) => item.id === entry.replyTo) : undefined;
    items.push(
      overlay(
        {
          id,
          // Accepted but not arrived yet: the server has it, it will replace this one in place.
          status: entry.status === 'rejected' && !waitsForRate(entry) ? 'rejected' : entry.status === 'accepted' ? 'sent' : 'pending',
          author: me.id,
          authorName: me.username,
          body: entry.op === 'send' ? entry.body : '',
          at: entry.at ?? '',
          mine: true,
          changing: false,
          failed: [],
          ...(entry.op === 'invite' ? { kind: 'invite' as const, invite: { to: entry.to, ...(entry.settings ? { settings: entry.settings } : {}) } } : entry.kind ? { kind: entry.kind } : {}),
          ...(quoted?.seq !== undefined ? { replyTo: { id: quoted.id, seq: quoted.seq, authorName: quoted.authorName, excerpt: excerpt(quoted.body) } } : {}),
          ...(entry.reason ? { reason: entry.reason } : {}),
          ...(entry.detail ? { detail: entry.detail } : {}),
        },
        changes.get(id) ?? [],
        me.id,
      ),
    );
  }
  return items;
}

/** The timeline with the messages being streamed at its end (`at`: when they were first seen); one whose message is there already is not shown twice. */
export function withStreams(items: readonly TimelineItem[], streams: readonly LiveStream[], myId: string, at: (id: string) => string): TimelineItem[] {
  const shown = new Set(items.map((item) => item.id));
  const growing = streams
    .filter((stream) => !shown.has(stream.id))
    .map(({ id, author, authorName, text }): TimelineItem => ({ id, author, authorName, body: text, at: at(id), status: 'sent', mine: author === myId, changing: false, failed: [], streaming: true }));
  return [...items, ...growing];
}

/**
 * The timeline with my messages whose files are still uploading after it (the client library's
 * file outbox), each once: once its files are up the message moves to the op queue, and is there.
 * One whose every file was refused and that has no text is shown refused, to be discarded; one
 * sent without some of its files says which, and why, until dismissed.
 */
export function withOutgoingFiles(
  items: readonly TimelineItem[],
  outgoing: ReadonlyMap<string, OutgoingMessage>,
  refused: ReadonlyMap<string, RefusedFiles>,
  convId: string,
  me: Me,
): TimelineItem[] {
  const shown = new Set(items.map((item) => item.id));
  const waiting = [...outgoing]
    .filter(([id, message]) => message.convId === convId && !shown.has(id))
    .sort(byId)
    .map(([id, message]): TimelineItem => {
      const refused = message.files.find((file) => file.error)?.error?.code;
      return {
        id,
        author: me.id,
        authorName: me.username,
        body: message.body,
        at: message.at,
        mine: true,
        changing: false,
        failed: [],
        status: message.failed ? 'rejected' : 'pending',
        uploads: message.files,
        ...(message.kind ? { kind: message.kind } : {}),
        ...(message.failed ? { reason: 'attachment_unavailable' as const, ...(refused ? { detail: refused } : {}) } : {}),
      };
    });
  const told = items.map((item) => {
    const files = refused.get(item.id)?.files;
    return files && item.mine ? { ...item, refusedFiles: files } : item;
  });
  return [...told, ...waiting];
}

/** Refused for the account's rate: the library sends it again by itself (client/src/outbox.ts), so it is still on its way. */
const waitsForRate = (entry: { status?: string; reason?: string }): boolean => entry.status === 'rejected' && entry.reason === 'rate_limited';

/** Applies my changes to a message, in the order I made them; refused ones are listed instead. */
function overlay(item: TimelineItem, changes: readonly [string, ChangeEntry][], myId: string): TimelineItem {
  for (const [id, change] of changes) {
    if (change.status === 'rejected' && !waitsForRate(change)) {
      item.failed.push({ id, op: change.op, reason: change.reason ?? 'invalid_op', ...(change.detail ? { detail: change.detail } : {}), ...(change.op === 'edit' ? { body: change.body } : {}) });
      continue;
    }
    if (change.status === undefined || waitsForRate(change)) item.changing = true;
    if (change.op === 'edit') Object.assign(item, { body: change.body, editedAt: item.editedAt ?? change.at ?? '' });
    else if (change.op === 'delete') Object.assign(item, { body: '', deletedAt: item.deletedAt ?? change.at ?? '' });
    else if (change.op === 'pin') item.pinned = change.on ? (item.pinned ?? { by: myId, at: change.at ?? '' }) : undefined;
    else item.reactions = react(item.reactions ?? {}, change.emoji, myId, change.on);
  }
  return item;
}

function react(reactions: Record<string, string[]>, emoji: string, userId: string, on: boolean): Record<string, string[]> {
  const users = (reactions[emoji] ?? []).filter((u) => u !== userId);
  const next = { ...reactions, [emoji]: on ? [...users, userId] : users };
  if (next[emoji]!.length === 0) delete next[emoji];
  return next;
}

/** Whether the message as the server has it already shows my accepted change. */
function reflects(m: Message, change: ChangeEntry, myId: string): boolean {
  if (change.op === 'edit') return m.body === change.body && m.editedAt !== undefined;
  if (change.op === 'delete') return m.deletedAt !== undefined;
  if (change.op === 'pin') return (m.pinned !== undefined) === change.on;
  return (m.reactions?.[change.emoji] ?? []).includes(myId) === change.on;
}

/**
 * Accepted changes (edit, delete, react) of this conversation that need no keeping: their message
 * shows them, is not loaded, or a later accepted change of the same kind superseded them. Accepted
 * sends and invitations are left alone: the library keeps only its newest ones, and the user
 * document's outbox (when ops go that way) has the server prune them in bulk (docs/protocol.md).
 */
export function settledOps(messages: readonly Message[], outbox: Entries, convId: string, myId = ''): string[] {
  const loaded = new Map(messages.map((m) => [m.id, m]));
  const accepted = [...outbox].filter(([, e]) => e?.convId === convId && e.status === 'accepted').sort(byId);
  const settled: string[] = [];
  accepted.forEach(([id, entry], i) => {
    if (!changesMessage(entry)) return;
    const m = loaded.get(entry.messageId);
    const superseded = accepted.slice(i + 1).some(([, later]) => later.op === entry.op && 'messageId' in later && later.messageId === entry.messageId && (later.op !== 'react' || (entry.op === 'react' && later.emoji === entry.emoji)));
    if (!m || superseded || reflects(m, entry, myId)) settled.push(id);
  });
  return settled;
}
