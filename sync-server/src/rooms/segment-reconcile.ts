/**
 * Reconcile on load: each time a segment room (`conv.<convId>.<n>`) loads, before anyone gets it,
 * its document is made to show what the `messages` table records for the segment. A message is
 * recorded (committed) before it is appended to its segment, so an instance that stops in between
 * — `kill -9`, a crash — leaves a message the history has and the documents lack; an edit, a delete
 * or a reaction likewise. Whichever instance loads the segment next writes it back, with no delay.
 *
 * The common case is one query: every message of the segment with what its element shows (text,
 * edit and delete times, reactions, a deleted answer's quote), compared with the document. Only
 * messages that differ are rendered, by the one renderer (recorded-message.ts), in one write.
 */
import { Game, Message as MessageRow, type Db } from '@volley/core';
import { ConvDoc, convRoom, isTombstoneUsername, type GameStatus, type Message } from '@volley/shared';
import { insertInOrder, markSealed } from './conversation-segment.js';
import { cardState } from './game-card.js';
import { recordedElements } from './recorded-message.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import { holds } from './segment-copies.js';

interface Marks {
  id: string;
  body: string;
  kind: string;
  /** Read only when the segment's names of erased accounts do not add up (NAMES). */
  author_name?: string;
  quoted_name?: string | null;
  players?: string | null;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  pinned_at: Date | string | null;
  /** `<emoji> <userId>` per reaction. */
  reactions: string[];
  answer_deleted_at: Date | string | null;
}

const iso = (at: Date | string | null) => (at === null ? undefined : new Date(at).toISOString());

/** The game of card message `m` (an invitation's, or a result's). */
const GAME_OF_CARD = `g.message_id = m.id and m.kind = 'invite' or g.result_message_id = m.id and m.kind = 'result'`;
/** Each row's author's username now, its quoted author's, and a card's players' (`left right`). */
const NAMES = [
  '(select u.username from users u where u.id = m.author_id) as author_name',
  'case when m.reply_to_id is null then null else (select u.username from messages a join users u on u.id = a.author_id where a.id = m.reply_to_id) end as quoted_name',
  `case when m.kind in ('invite', 'result') then (select l.username || ' ' || r.username from games g join users l on l.id = g.left_id join users r on r.id = g.right_id where ${GAME_OF_CARD}) end as players`,
];
/** `u` is a deleted person's account, named by its tombstone (a deleted bot keeps its name). */
const ERASED = 'u.deleted_at is not null and u.bot_owner_id is null';
/** The segment's distinct authors whose accounts are erased: one lookup of a few ids. */
const ERASED_AUTHORS = `select count(*) from users u where u.id = any(array_agg(distinct m.author_id)) and ${ERASED}`;
/** How many quoted authors and card players of erased accounts the segment's elements should show. */
const ERASED_OTHERS = `
  count(*) filter (where m.reply_to_id is not null and exists (select 1 from messages a join users u on u.id = a.author_id where a.id = m.reply_to_id and ${ERASED}))
  + coalesce(sum((select count(*) from games g join users u on u.id in (g.left_id, g.right_id) where (${GAME_OF_CARD}) and ${ERASED})) filter (where m.kind in ('invite', 'result')), 0)`;

/**
 * Whether the document names erased accounts as the summary counts them: each erased author by its
 * tombstone in all of its elements, and as many erased quoted authors and card players.
 */
function namesAddUp(messages: Message[], summary: Summary): boolean {
  const authors = new Map<string, boolean>();
  for (const m of messages) authors.set(m.author, (authors.get(m.author) ?? true) && isTombstoneUsername(m.authorName));
  const erasedAuthors = [...authors.values()].filter(Boolean).length;
  const others = messages.reduce((total, m) => total + [m.replyTo?.authorName, ...(m.game?.players.map((p) => p.username) ?? [])].filter((name) => name !== undefined && isTombstoneUsername(name)).length, 0);
  return erasedAuthors === summary.erasedAuthors && others === summary.erasedOthers;
}
const reactionsOf = (lines: string[]) => lines.sort().join('\n');

/**
 * What the element of each of the segment's messages should show, in a form cheap to compare: two
 * index range reads (the segment's messages, their reactions) and the conversation's row.
 */
async function marksOf(db: Db, convId: string, segment: number, withNames: boolean): Promise<Marks[]> {
  const inSegment = { 'm.conversation_id': convId, 'm.segment': segment };
  const [marks, reactions] = await Promise.all([
    db('messages as m')
      .where(inSegment)
      .select(
        'm.id',
        'm.body',
        'm.kind',
        'm.edited_at',
        'm.deleted_at',
        'm.pinned_at',
        db.raw('case when m.reply_to_id is null then null else (select a.deleted_at from messages a where a.id = m.reply_to_id) end as answer_deleted_at'),
        ...(withNames ? NAMES.map((sql) => db.raw(sql)) : []),
      ) as Promise<Omit<Marks, 'reactions'>[]>,
    db('message_reactions as r').join('messages as m', 'm.id', 'r.message_id').where(inSegment).select('r.message_id', 'r.emoji', 'r.user_id') as Promise<{ message_id: string; emoji: string; user_id: string }[]>,
  ]);
  const reacted = new Map<string, string[]>();
  for (const r of reactions) reacted.set(r.message_id, [...(reacted.get(r.message_id) ?? []), `${r.emoji} ${r.user_id}`]);
  return marks.map((m) => ({ ...m, reactions: reacted.get(m.id) ?? [] }));
}

/**
 * The segment in one row, in sums a document can be checked against without reading its messages:
 * how many, the last seq, edit, delete and pin times (ms, summed), reactions of live messages, replies
 * whose answer is deleted, each invitation card's game status, and the conversation's head.
 */
async function summaryOf(db: Db, convId: string, segment: number): Promise<Summary> {
  const [row] = (await db('messages as m')
    .where({ 'm.conversation_id': convId, 'm.segment': segment })
    .select(
      db.raw('count(*)::int as count'),
      db.raw('coalesce(max(m.seq), 0)::int as last'),
      db.raw('coalesce(sum(floor(extract(epoch from m.edited_at) * 1000)), 0)::text as edited'),
      db.raw('coalesce(sum(floor(extract(epoch from m.deleted_at) * 1000)), 0)::text as deleted'),
      db.raw('coalesce(sum(floor(extract(epoch from m.pinned_at) * 1000)) filter (where m.deleted_at is null), 0)::text as pinned'),
      // One index scan for all the live messages' reactions (a subquery per message was half the query's time).
      db.raw('(select count(*) from message_reactions r where r.message_id = any(array_agg(m.id) filter (where m.deleted_at is null)))::int as reactions'),
      db.raw('count(*) filter (where m.reply_to_id is not null and (select a.deleted_at from messages a where a.id = m.reply_to_id) is not null)::int as unquoted'),
      db.raw(`string_agg(case when m.kind = 'invite' then m.id || ' ' || coalesce((select g.status from games g where g.message_id = m.id), '') end, ',') as cards`),
      db.raw('(select c.head_segment from conversations c where c.id = ?) as head', [convId]),
      db.raw(`(${ERASED_AUTHORS})::int as "erasedAuthors"`),
      db.raw(`(${ERASED_OTHERS})::int as "erasedOthers"`),
    )) as Summary[];
  return row!;
}

interface Summary {
  count: number;
  last: number;
  edited: string;
  deleted: string;
  pinned: string;
  reactions: number;
  unquoted: number;
  cards: string | null;
  head: number;
  erasedAuthors: number;
  erasedOthers: number;
}

/** True when the document's messages add up to the summary: then nothing needs to be compared one by one. */
function addsUp(messages: Message[], summary: Summary): boolean {
  const sum = (pick: (m: Message) => string | undefined) => messages.reduce((total, m) => total + (pick(m) ? Date.parse(pick(m)!) : 0), 0);
  const cards = summary.cards?.split(',') ?? [];
  const shown = new Map(messages.filter((m) => m.kind === 'invite').map((m) => [m.id, m.game?.state]));
  return (
    messages.length === summary.count &&
    (messages.at(-1)?.seq ?? 0) === summary.last &&
    sum((m) => m.editedAt) === Number(summary.edited) &&
    sum((m) => m.deletedAt) === Number(summary.deleted) &&
    sum((m) => m.pinned?.at) === Number(summary.pinned) &&
    messages.reduce((total, m) => total + Object.values(m.reactions ?? {}).reduce((n, users) => n + users.length, 0), 0) === summary.reactions &&
    messages.filter((m) => m.replyTo?.excerpt === '').length === summary.unquoted &&
    namesAddUp(messages, summary) &&
    cards.every((card) => {
      const [id, status] = card.split(' ');
      return shown.get(id!) === (status ? cardState(status as GameStatus) : undefined);
    })
  );
}

/** True when the element shows what the marks record (an invitation card's state is checked apart). */
function agrees(element: Message, marks: Marks): boolean {
  const reactions = Object.entries(element.reactions ?? {}).flatMap(([emoji, users]) => users.map((user) => `${emoji} ${user}`));
  return (
    element.body === (marks.deleted_at ? '' : marks.body) &&
    element.editedAt === iso(marks.edited_at) &&
    element.deletedAt === iso(marks.deleted_at) &&
    element.pinned?.at === (marks.deleted_at ? undefined : iso(marks.pinned_at)) &&
    reactionsOf(reactions) === reactionsOf(marks.reactions) &&
    !(marks.answer_deleted_at && element.replyTo && element.replyTo.excerpt !== '') &&
    (marks.author_name === undefined || element.authorName === marks.author_name) &&
    (element.replyTo === undefined || !marks.quoted_name || element.replyTo.authorName === marks.quoted_name) &&
    (element.game === undefined || !marks.players || element.game.players.map((p) => p.username).join(' ') === marks.players)
  );
}

/**
 * Writes into the loading room what the table holds and its document lacks or shows otherwise.
 * True when that rewrote names of erased accounts, whose old form the room's log still holds.
 */
export async function reconcileSegment(db: Db, room: Room, convId: string, segment: number): Promise<boolean> {
  const summary = await summaryOf(db, convId, segment);
  if (summary.count === 0) return false;
  const sealed = summary.head <= segment || ConvDoc.meta(room.doc).get('next') === segment + 1;
  const before = ConvDoc.messages(room.doc).toArray();
  if (sealed && addsUp(before, summary)) return false;
  const erasing = !namesAddUp(before, summary);
  const marks = await marksOf(db, convId, segment, erasing);
  const shown = new Map(ConvDoc.messages(room.doc).map((message) => [message.id, message] as const));
  const differing = new Set(marks.filter((m) => !shown.has(m.id) || !agrees(shown.get(m.id)!, m)).map((m) => m.id));
  const invites = marks.filter((m) => m.kind === 'invite' && shown.has(m.id) && !differing.has(m.id)).map((m) => m.id);
  if (invites.length > 0) {
    for (const game of await Game.query(db).whereIn('message_id', invites).select('message_id', 'status')) {
      if (shown.get(game.messageId!)?.game?.state !== cardState(game.status)) differing.add(game.messageId!);
    }
  }
  if (differing.size === 0 && sealed) return false;
  const rows = differing.size === 0 ? [] : await MessageRow.query(db).findByIds([...differing]).orderBy('seq');
  const elements = await recordedElements(db, rows, shown);
  await room.write((doc) => {
    const messages = ConvDoc.messages(doc);
    for (const element of elements) {
      // Missing when compared, there meanwhile: another instance's write, at least as recent as this one.
      if (!shown.has(element.id)) {
        if (!holds(room, element.id)) insertInOrder(doc, convId, segment, element);
        continue;
      }
      const at = messages.toArray().findIndex((message) => message.id === element.id);
      if (at >= 0) messages.delete(at, 1);
      insertInOrder(doc, convId, segment, element);
    }
    if (!sealed) markSealed(doc, convId, segment);
  });
  return differing.size > 0 && erasing;
}

/** How far back a starting instance looks for messages that a stopped one may have left out of their segments. */
const START_WINDOW_MS = 10 * 60_000;

/**
 * At start: each segment that got a message lately is loaded once, one at a time, which
 * reconciles it. This reaches a segment that stays loaded on another instance (its copy lacks what
 * the stopped one recorded): the write goes out on the bus like any other. Stops when `stopped()`.
 */
export async function reconcileRecent(db: Db, rooms: Rooms, stopped: () => boolean): Promise<void> {
  const segments: { conversation_id: string; segment: number }[] = await db('messages')
    .where('created_at', '>', new Date(Date.now() - START_WINDOW_MS))
    .distinct('conversation_id', 'segment');
  for (const { conversation_id, segment } of segments) {
    if (stopped()) return;
    await rooms.using(convRoom(conversation_id, segment), async () => undefined);
    // PGlite answers within the tick: without a pause, sockets would wait until every segment is done.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
