/**
 * What every op handler gets, and what it answers. Of the parts around it, the outbox names only
 * what it calls: the rooms it writes segments into, the inbox's signals, and one call each of the message
 * renderer, the notifier and the streams.
 */
import type { Db, Logger, Notifier, UpdateLog } from '@volley/core';
import type { OutboxOp } from '@volley/shared';
import type { OpAuthor } from '../author.js';
import type { OpWriter } from '../op-writers.js';
import type { HeadSegments } from '../../rooms/head-segments.js';
import type { Inbox } from '../../rooms/inbox.js';
import type { RecordedMessages } from '../../rooms/recorded-message.js';
import type { Refusal } from '../refusals.js';
import type { Rooms } from '../../rooms/rooms.js';

export interface OpContext {
  db: Db;
  /** Plain sends are recorded with its appends (send-message.ts). */
  updateLog: UpdateLog;
  rooms: Rooms;
  /** Shows edits, deletes and reactions in the segments. */
  recorded: Pick<RecordedMessages, 'show'>;
  /** Signals an accepted message, or the last one deleted or edited, to the conversation's members. */
  inbox: Pick<Inbox, 'accepted' | 'deleted' | 'edited'>;
  notifier: Pick<Notifier, 'notify'>;
  segmentSize: number;
  log: Logger;
  /** Plain sends built ahead into the head segments this instance holds (head-segments.ts). */
  heads?: HeadSegments;
  /** Messages that may become pushes (watchers/message-pushes.ts), told once recorded with who they mention. */
  pushes?: { sent(convId: string, author: OpAuthor, message: { id: string; seq: number; body: string }, mentioned: readonly string[]): void };
  /** The streams this process follows (message-streams.ts); a `send` ends its stream. */
  streams?: { ended(id: string): void };
  /** Told each body recorded, sent or edited, so that its first link may get a preview (linked-messages.ts). */
  links?: { recorded(messageId: string, body: string): void };
  /** Told a deleted message carried files, which the api processes then remove. */
  files?: { released(): void };
}

/** `seq`: the sent message's, or the seq of the message an edit, delete or reaction targets. */
export type Outcome = { kind: 'accepted'; seq: number } | Refusal;

/** `writer`: the token the op came through, and the socket's address when this process saw it (op-writers.ts). */
export type OpHandler<K extends OutboxOp['op']> = (ctx: OpContext, author: OpAuthor, id: string, op: Extract<OutboxOp, { op: K }>, writer: OpWriter) => Promise<Outcome>;
