/**
 * A message's element in its segment is made to show what the `messages` and `message_reactions`
 * tables record: after an edit, a delete or a reaction, when a segment loads (segment-reconcile.ts)
 * and when a replayed send finds its message missing. Being a function of the recorded state, a
 * write can never show an older state than the tables held when it was read.
 */
import { attachmentsOfMessages, isPostgres, Message as MessageRow, MessageReaction, stickersOfMessages, UpdateLog, User, type Db } from '@volley/core';
import { convRoom, readableBody, shownAuthor, type Message } from '@volley/shared';
import { rewriteMessage } from './conversation-segment.js';
import { gameCard, gameOfCard } from './game-card.js';
import type { Rooms } from './rooms.js';
import { mentionedMembers } from './membership.js';
import { previewCards } from './link-preview-cards.js';
import { excerptOf } from '@volley/shared/markdown';

/** Below the pool's 10 connections, so that room appends always find one. */
const MAX_LOCKED_WRITES = 4;

type Render = (element: Message) => Message;

const iso = (at: Date | null) => (at ? new Date(at).toISOString() : undefined);

/** The accounts' usernames now, by id ('' for none). */
async function usernames(db: Db, ids: string[]): Promise<(id: string) => string> {
  const users = ids.length === 0 ? [] : await User.query(db).findByIds([...new Set(ids)]).select('id', 'username');
  const names = new Map(users.map((user) => [user.id, user.username]));
  return (id) => names.get(id) ?? '';
}

/**
 * What each row records, read for all the rows at once, as a change to its element: a deleted
 * message shows no text, mentions or reactions, and replies to it no longer quote it; an edited one
 * mentions the members its new text names; an invitation card shows its game's state; a link's
 * card shows once fetched (link-preview-cards.ts); its files are those whose rows it still carries
 * (a deleted account's files are gone from its messages), its sticker one that still exists; the author
 * and a quote's author are named as their accounts are now (a deleted account by its tombstone).
 */
async function recordedStates(db: Db, rows: MessageRow[]): Promise<Map<string, Render>> {
  const reactions = new Map<string, Record<string, string[]>>();
  const live = rows.filter((row) => !row.deletedAt).map((row) => row.id);
  const reacted = live.length === 0 ? [] : await MessageReaction.query(db).whereIn('message_id', live).orderBy(['created_at', 'user_id']).select('message_id', 'emoji', 'user_id');
  for (const { messageId, emoji, userId } of reacted) {
    const byEmoji = reactions.get(messageId) ?? reactions.set(messageId, {}).get(messageId)!;
    (byEmoji[emoji] ??= []).push(userId);
  }
  const replyIds = [...new Set(rows.flatMap((row) => row.replyToId ?? []))];
  const answered = replyIds.length === 0 ? [] : await MessageRow.query(db).findByIds(replyIds).select('id', 'deleted_at', 'author_id');
  const deletedAnswers = new Set(answered.filter((row) => row.deletedAt).map((row) => row.id));
  const nameOf = await usernames(db, [...rows, ...answered].map((row) => row.authorId));
  const cards = await previewCards(db, rows);
  const files = await attachmentsOfMessages(db, live);
  const stickers = await stickersOfMessages(db, rows.filter((row) => !row.deletedAt));
  const renders = new Map<string, Render>();
  for (const row of rows) {
    const mentions = row.editedAt && !row.deletedAt ? await mentionedMembers(db, row.conversationId, row.body) : undefined;
    // An invitation card shows its game as recorded now; a result's game is final from its first write.
    const game = await gameOfCard(db, row);
    const card = game && (await gameCard(db, game));
    const reacts = reactions.get(row.id) ?? {};
    const preview = cards.get(row.id);
    const attachments = files.get(row.id);
    const sticker = stickers.get(row.id);
    renders.set(row.id, ({ body: _body, editedAt: _edited, deletedAt: _deleted, reactions: _reactions, mentions: sent, attachments: _attachments, preview: _preview, pinned: _pinned, sticker: _sticker, ...rest }) => {
      const shown = row.deletedAt ? [] : (mentions ?? sent ?? []);
      const answer = rest.replyTo && answered.find((a) => a.id === row.replyToId);
      return {
        ...rest,
        author: shownAuthor(row),
        authorName: row.kind === 'system' ? '' : nameOf(row.authorId),
        ...(rest.replyTo && answer && { replyTo: { ...rest.replyTo, authorName: nameOf(answer.authorId), ...(deletedAnswers.has(answer.id) && { excerpt: '' }) } }),
        body: row.deletedAt ? '' : row.body,
        ...(card && { game: card }),
        ...(row.editedAt && { editedAt: iso(row.editedAt) }),
        ...(row.deletedAt && { deletedAt: iso(row.deletedAt) }),
        ...(Object.keys(reacts).length > 0 && { reactions: reacts }),
        ...(shown.length > 0 && { mentions: shown }),
        // A deleted message's files go with its text.
        ...(attachments && { attachments }),
        ...(sticker && { sticker }),
        ...(preview && { preview }),
        ...(row.pinnedAt && !row.deletedAt && { pinned: { ...(row.pinnedBy && { by: row.pinnedBy }), at: iso(row.pinnedAt)! } }),
      };
    });
  }
  return renders;
}

/**
 * The elements the rows should show: each element as `shown` in the segment, or as it was first
 * written (rebuilt from its row, when a crash lost that write), with what the tables record now.
 */
export async function recordedElements(db: Db, rows: MessageRow[], shown: ReadonlyMap<string, Message>): Promise<Message[]> {
  const renders = await recordedStates(db, rows);
  const missing = rows.filter((row) => !shown.has(row.id));
  const firstWritten = new Map<string, Message>();
  if (missing.length > 0) {
    const quoted = [...new Set(missing.flatMap((row) => row.replyToId ?? []))];
    const quotes = quoted.length === 0 ? [] : await MessageRow.query(db).findByIds(quoted).select('id', 'seq', 'body', 'kind');
    const files = await attachmentsOfMessages(db, missing.map((row) => row.id));
    const bots = new Set((await User.query(db).findByIds([...new Set(missing.map((row) => row.authorId))]).whereNotNull('bot_owner_id').select('id')).map((user) => user.id));
    for (const row of missing) {
      const quote = quotes.find((q) => q.id === row.replyToId);
      const mentions = await mentionedMembers(db, row.conversationId, readableBody(row));
      // Names are left to the render below, which gives every element its accounts' names as they are now.
      firstWritten.set(row.id, {
        id: row.id,
        seq: row.seq,
        author: shownAuthor(row),
        authorName: '',
        ...(bots.has(row.authorId) && { authorBot: true as const }),
        body: row.body,
        at: iso(row.createdAt)!,
        ...(row.kind !== 'text' && { kind: row.kind }),
        ...(row.incomplete && { incomplete: true as const }),
        ...(quote && { replyTo: { id: quote.id, seq: quote.seq, authorName: '', excerpt: excerptOf(readableBody(quote)) } }),
        ...(mentions.length > 0 && { mentions }),
        ...(files.has(row.id) && { attachments: files.get(row.id) }),
      });
    }
  }
  return rows.map((row) => renders.get(row.id)!(shown.get(row.id) ?? firstWritten.get(row.id)!));
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
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read in show() through destructuring, which the rule does not follow.
  private static readonly turns = new Map<string, Promise<boolean>>();
  private readonly shared: boolean;
  /** Locked writes in flight: each holds a pooled connection while its room append needs another. */
  private locked = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly deps: { db: Db; rooms: Rooms }) {
    this.shared = isPostgres(deps.db);
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
    const next = (await recordedStates(db, [row])).get(row.id)!;
    const catchUp = await new UpdateLog(db).load(convRoom(row.conversationId, row.segment));
    return rewriteMessage(this.deps.rooms, row.conversationId, row.segment, row.id, next, catchUp);
  }
}

/** Recorded message `id`'s element as the tables show it now. */
export async function recordedElement(db: Db, id: string): Promise<Message> {
  const row = await MessageRow.query(db).findById(id).throwIfNotFound();
  const [element] = await recordedElements(db, [row], new Map());
  return element!;
}
