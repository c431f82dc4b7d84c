/** What every op handler gets, and what it answers. */
import { User, type Db, type Logger, type Notifier, type UpdateLog } from '@volley/core';
import type { OutboxOp } from '@volley/shared';
import type { Inbox } from '../inbox.js';
import type { MessageStreams } from '../message-streams.js';
import type { RecordedMessages } from '../recorded-message.js';
import type { Refusal } from '../refusals.js';
import type { Rooms } from '../rooms.js';

export interface OpContext {
  db: Db;
  /** Plain sends are recorded with its appends (send-message.ts). */
  updateLog: UpdateLog;
  rooms: Rooms;
  /** Shows edits, deletes and reactions in the segments. */
  recorded: RecordedMessages;
  inbox: Inbox;
  notifier: Notifier;
  segmentSize: number;
  log: Logger;
  /** The streams this process follows; a `send` ends its stream. */
  streams?: MessageStreams;
}

/** The user whose outbox holds the op: what never changes about them (a username is for good). */
export type Actor = Pick<User, 'id' | 'username'> & { botOwnerId?: string | null };

/** Who a notification is from, with the display name as it is now (it can change at any time). */
export async function notificationSender(db: Db, actor: Actor): Promise<Pick<User, 'id' | 'username' | 'displayName'>> {
  const user = await User.query(db).findById(actor.id).select('display_name');
  return { id: actor.id, username: actor.username, displayName: user?.displayName ?? actor.username };
}

/** `seq`: the sent message's, or the seq of the message an edit, delete or reaction targets. */
export type Outcome = { kind: 'accepted'; seq: number } | Refusal;

/** `sentFrom`: the address of the socket that wrote the op, when this process saw it (op-writers.ts). */
export type OpHandler<K extends OutboxOp['op']> = (ctx: OpContext, actor: Actor, id: string, op: Extract<OutboxOp, { op: K }>, sentFrom: string | null) => Promise<Outcome>;
