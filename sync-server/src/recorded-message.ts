/**
 * A message's element in its segment is made to show what the `messages` and `message_reactions`
 * tables record: after an edit, a delete or a reaction, and again when such an op is replayed
 * (which repairs a segment write lost to a crash). Being a function of the recorded state, a
 * write can never show an older state than the tables held when it was read.
 */
import { Message as MessageRow, MessageReaction, UpdateLog, type Db } from '@volley/core';
import { convRoom, type Message } from '@volley/shared';
import { rewriteMessage } from './conversation-segment.js';
import { gameCard, gameOfCard } from './game-card.js';
import { mentionedMembers } from './mentions.js';
import type { Rooms } from './rooms.js';

/** Below the pool's 10 connections, so that room appends always find one. */
const MAX_LOCKED_WRITES = 4;

/**
 * A deleted message shows no text, mentions or reactions, and replies to it no longer quote it;
 * an edited one mentions the members its new text names; an invitation card shows its game's state.
 */
async function recordedElement(db: Db, row: MessageRow): Promise<(element: Message) => Message> {
  const reactions: Record<string, string[]> = {};
  if (!row.deletedAt) {
    const rows = await MessageReaction.query(db).where({ message_id: row.id }).orderBy(['created_at', 'user_id']).select('emoji', 'user_id');
    for (const { emoji, userId } of rows) (reactions[emoji] ??= []).push(userId);
  }
  const mentions = row.editedAt && !row.deletedAt ? await mentionedMembers(db, row.conversationId, row.body) : undefined;
  const answered = row.replyToId ? await MessageRow.query(db).findById(row.replyToId).select('deleted_at') : undefined;
  // An invitation card shows its game as recorded now; a result's game is final from its first write.
  const game = await gameOfCard(db, row);
  const card = game && (await gameCard(db, game));
  const iso = (at: Date | null) => (at ? new Date(at).toISOString() : undefined);
  return ({ body: _body, editedAt: _edited, deletedAt: _deleted, reactions: _reactions, mentions: sent, ...rest }) => {
    const shown = row.deletedAt ? [] : (mentions ?? sent ?? []);
    return {
      ...rest,
      ...(rest.replyTo && answered?.deletedAt && { replyTo: { ...rest.replyTo, excerpt: '' } }),
      body: row.deletedAt ? '' : row.body,
      ...(card && { game: card }),
      ...(row.editedAt && { editedAt: iso(row.editedAt) }),
      ...(row.deletedAt && { deletedAt: iso(row.deletedAt) }),
      ...(Object.keys(reactions).length > 0 && { reactions }),
      ...(shown.length > 0 && { mentions: shown }),
    };
  };
}

/**
 * Writers of one message take turns: in this process through a queue (shared by every sync server
 * the process runs), across processes (PostgreSQL) through a transaction-scoped advisory lock.
 * PGlite serves a single process, whose queue suffices — and its one connection must stay free
 * for the rooms' own appends. In its turn a writer first catches up this copy of the segment from
 * the update log: the last writer persisted its replacement before its turn ended, but the bus
 * may not have brought it here yet, and replacing an element twice leaves two.
 */
export class RecordedMessages {
  private static readonly turns = new Map<string, Promise<boolean>>();
  private readonly shared: boolean;
  /** Locked writes in flight: each holds a pooled connection while its room append needs another. */
  private locked = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: { db: Db; rooms: Rooms }) {
    this.shared = (deps.db.client as { config: { client?: unknown } }).config.client === 'pg';
  }

  /** Shows the message as recorded; false when it is not in its segment yet. */
  show(messageId: string): Promise<boolean> {
    const { turns } = RecordedMessages;
    const turn = (turns.get(messageId) ?? Promise.resolve(false)).catch(() => false).then(() => this.take(messageId));
    turns.set(messageId, turn);
    const forget = () => turns.get(messageId) === turn && turns.delete(messageId);
    turn.then(forget, forget);
    return turn;
  }

  private async take(messageId: string): Promise<boolean> {
    if (!this.shared) return this.write(this.deps.db, messageId);
    if (this.locked < MAX_LOCKED_WRITES) this.locked++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await this.deps.db.transaction(async (trx) => {
        await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [messageId]);
        return this.write(trx, messageId);
      });
    } finally {
      // The slot passes to the next in line, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.locked--;
    }
  }

  private async write(db: Db, messageId: string): Promise<boolean> {
    const row = await MessageRow.query(db).findById(messageId);
    if (!row) return false;
    const next = await recordedElement(db, row);
    const catchUp = await new UpdateLog(db).load(convRoom(row.conversationId, row.segment));
    return rewriteMessage(this.deps.rooms, row.conversationId, row.segment, row.id, next, catchUp);
  }
}
