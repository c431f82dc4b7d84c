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
import { ConvDoc, type Message } from '@volley/shared';
import { insertInOrder, markSealed } from './conversation-segment.js';
import { cardState } from './game-card.js';
import { recordedElements } from './recorded-message.js';
import type { Room } from './room.js';
import { holds } from './segment-copies.js';

interface Marks {
  id: string;
  body: string;
  kind: string;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  /** `<emoji> <userId>` per reaction, one a line. */
  reactions: string | null;
  answer_deleted_at: Date | string | null;
  head: number;
}

const iso = (at: Date | string | null) => (at === null ? undefined : new Date(at).toISOString());
const reactionsOf = (lines: string[]) => lines.sort().join('\n');

/** What the element of each of the segment's messages should show, in a form cheap to compare. */
async function marksOf(db: Db, convId: string, segment: number): Promise<Marks[]> {
  return (await db('messages as m')
    .where({ 'm.conversation_id': convId, 'm.segment': segment })
    .select(
      'm.id',
      'm.body',
      'm.kind',
      'm.edited_at',
      'm.deleted_at',
      db.raw(`(select string_agg(r.emoji || ' ' || r.user_id, chr(10)) from message_reactions r where r.message_id = m.id) as reactions`),
      db.raw('case when m.reply_to_id is null then null else (select a.deleted_at from messages a where a.id = m.reply_to_id) end as answer_deleted_at'),
      db.raw('(select c.head_segment from conversations c where c.id = m.conversation_id) as head'),
    )) as Marks[];
}

/** True when the element shows what the marks record (an invitation card's state is checked apart). */
function agrees(element: Message, marks: Marks): boolean {
  const reactions = Object.entries(element.reactions ?? {}).flatMap(([emoji, users]) => users.map((user) => `${emoji} ${user}`));
  return (
    element.body === (marks.deleted_at ? '' : marks.body) &&
    element.editedAt === iso(marks.edited_at) &&
    element.deletedAt === iso(marks.deleted_at) &&
    reactionsOf(reactions) === reactionsOf(marks.reactions?.split('\n') ?? []) &&
    !(marks.answer_deleted_at && element.replyTo && element.replyTo.excerpt !== '')
  );
}

/** Writes into the loading room what the table holds and its document lacks or shows otherwise. */
export async function reconcileSegment(db: Db, room: Room, convId: string, segment: number): Promise<void> {
  const marks = await marksOf(db, convId, segment);
  if (marks.length === 0) return;
  const shown = new Map(ConvDoc.messages(room.doc).map((message) => [message.id, message] as const));
  const differing = new Set(marks.filter((m) => !shown.has(m.id) || !agrees(shown.get(m.id)!, m)).map((m) => m.id));
  const invites = marks.filter((m) => m.kind === 'invite' && shown.has(m.id) && !differing.has(m.id)).map((m) => m.id);
  if (invites.length > 0) {
    for (const game of await Game.query(db).whereIn('message_id', invites).select('message_id', 'status')) {
      if (shown.get(game.messageId!)?.game?.state !== cardState(game.status)) differing.add(game.messageId!);
    }
  }
  const sealed = marks[0]!.head <= segment || ConvDoc.meta(room.doc).get('next') === segment + 1;
  if (differing.size === 0 && sealed) return;
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
}
