/** Server-side writes to a conversation segment document (`conv.<convId>.<n>`). */
import { ConvDoc, convRoom, type Accent, type Message } from '@volley/shared';
import * as Y from 'yjs';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';
import { holds } from './segment-copies.js';

/** Sets `meta` on a segment's first write. */
function initMeta(doc: Y.Doc, convId: string, segment: number): void {
  const meta = ConvDoc.meta(doc);
  if (meta.has('convId')) return;
  meta.set('convId', convId);
  meta.set('segment', segment);
}

/** Sets `meta` on a segment's first write and inserts the message in seq order (messages committed in seq order may arrive out of it). */
export function insertInOrder(doc: Y.Doc, convId: string, segment: number, message: Message): void {
  initMeta(doc, convId, segment);
  const messages = ConvDoc.messages(doc);
  let at = messages.length;
  while (at > 0 && messages.get(at - 1).seq > message.seq) at--;
  messages.insert(at, [message]);
}

/**
 * Makes sure the segment holds the message, appending it unless this copy of the segment already
 * does (a second copy written by another instance meanwhile is removed by segment-copies.ts);
 * resolves once this copy holds it, without waiting for the room's append: the message is recorded
 * in the tables already (what a crash loses of the segment, its next load gets back), the append
 * is retried until it is stored, and no client sees the change before. So the op's outcome, written
 * meanwhile, shares the segment's round trip rather than waiting for one more. `element` is only
 * built when it is needed.
 */
export function appendMessage(rooms: Rooms, convId: string, segment: number, id: string, element: () => Promise<Message>): Promise<void> {
  return rooms.using(convRoom(convId, segment), async (room) => {
    if (holds(room, id)) return;
    const message = await element();
    // Built asynchronously: another op, or the room's reconcile, may have appended it meanwhile.
    if (!holds(room, id)) void room.write((doc) => insertInOrder(doc, convId, segment, message));
  });
}

/** Marks segment `n` sealed: clients follow `meta.next` to the segment that continues it. Idempotent. */
export function markSealed(doc: Y.Doc, convId: string, segment: number): void {
  initMeta(doc, convId, segment);
  if (ConvDoc.meta(doc).get('next') !== segment + 1) ConvDoc.meta(doc).set('next', segment + 1);
}

/**
 * Shows the conversation's new accent in its head segment, live to whoever has it open; a segment
 * opened later has none in its `meta`, and its readers take the conversation's record's.
 */
export function showAccent(rooms: Rooms, convId: string, segment: number, accent: Accent | null): Promise<void> {
  return rooms.using(convRoom(convId, segment), (room) =>
    room.write((doc) => {
      initMeta(doc, convId, segment);
      if (ConvDoc.meta(doc).get('accent') !== accent) ConvDoc.meta(doc).set('accent', accent);
    }),
  );
}

/**
 * Seals segment `n`, and carries a DM's read receipts on to the segment that continues it: they
 * live in the head alone, so they stay in view when it rolls over and go everywhere when withdrawn.
 */
export async function sealSegment(rooms: Rooms, convId: string, segment: number): Promise<void> {
  let receipts: [string, number][] = [];
  await rooms.using(convRoom(convId, segment), (room) =>
    room.write((doc) => {
      markSealed(doc, convId, segment);
      const sealed = ConvDoc.receipts(doc);
      receipts = [...sealed.entries()];
      for (const [userId] of receipts) sealed.delete(userId);
    }),
  );
  if (receipts.length === 0) return;
  await rooms.using(convRoom(convId, segment + 1), (room) =>
    room.write((doc) => {
      initMeta(doc, convId, segment + 1);
      const head = ConvDoc.receipts(doc);
      for (const [userId, seq] of receipts) if ((head.get(userId) ?? 0) < seq) head.set(userId, seq);
    }),
  );
}

/**
 * Makes the message's element `next(element)`, in one copy (removing any others), after applying
 * `catchUp` (updates from the room's log that this copy of the doc may not have yet). False when
 * the message is not in its segment yet: the instance that recorded it appends it, rendered from
 * the tables as they are then — or the segment's next load, or its op's replay, does.
 */
export function rewriteMessage(rooms: Rooms, convId: string, segment: number, id: string, next: (message: Message) => Message, catchUp: Uint8Array[]): Promise<boolean> {
  return rooms.using(convRoom(convId, segment), async (room) => {
    if (catchUp.length > 0) await room.write((doc) => catchUp.forEach((update) => Y.applyUpdate(doc, update)));
    const copies = copiesOf(room, id);
    if (copies.length === 0) return false;
    const wanted = next(copies[0]![0]);
    if (copies.length === 1 && JSON.stringify(copies[0]![0]) === JSON.stringify(wanted)) return true;
    await room.write((doc) => {
      const messages = ConvDoc.messages(doc);
      // From the last, so that the indices still to delete stay valid; the first copy's place is kept.
      for (const [, index] of [...copies].reverse()) messages.delete(index, 1);
      messages.insert(copies[0]![1], [wanted]);
    });
    return true;
  });
}

function copiesOf(room: Room, id: string): [Message, number][] {
  return ConvDoc.messages(room.doc)
    .toArray()
    .flatMap((message, index): [Message, number][] => (message.id === id ? [[message, index]] : []));
}
