/**
 * How many copies of each message a loaded segment room holds, and the removal of extra ones.
 *
 * In one process a message is appended only when absent (`holds`). Across processes two writers
 * may both append it — a room loading on one instance reconciles while another's live write is on
 * the bus, or two instances replay the same op — and their copies meet in every replica. Each
 * replica then removes the same copies: all but the one whose Yjs item id (client, clock) is the
 * smallest. The choice depends on the copies, never on their positions or on who sees them first,
 * and the smallest copy any replica sees is never removed by it, so the copy left is the same
 * everywhere and the last one is never removed.
 */
import { ConvDoc, type Message } from '@volley/shared';
import type * as Y from 'yjs';
import type { Room } from './room.js';

const counts = new WeakMap<Y.Doc, Map<string, number>>();

/** True when the room's segment holds the message. */
export function holds(room: Room, id: string): boolean {
  return (counts.get(room.doc)?.get(id) ?? 0) > 0;
}

/**
 * Keeps the room's count of copies and, whenever a message has several, leaves one; `differed`
 * is told of a message whose removed copies did not all show what the kept one shows (a writer
 * that read the tables at another moment): it is then shown again from the tables.
 */
export function watchCopies(room: Room, differed: (id: string) => void): void {
  const messages = ConvDoc.messages(room.doc);
  const count = new Map<string, number>();
  counts.set(room.doc, count);
  const doubled = new Set<string>();
  const add = (id: string, by: number) => {
    const n = (count.get(id) ?? 0) + by;
    if (n > 0) count.set(id, n);
    else count.delete(id);
    if (n > 1) doubled.add(id);
  };
  for (const message of messages.toArray()) add(message.id, 1);
  messages.observe((event) => {
    for (const item of event.changes.added) for (const message of item.content.getContent() as Message[]) add(message.id, 1);
    for (const item of event.changes.deleted) for (const message of item.content.getContent() as Message[]) add(message.id, -1);
    // Not inside the transaction that brought the copies: a write of its own, once it has ended.
    if (doubled.size > 0) queueMicrotask(() => void keepOne(room, doubled, differed));
  });
  if (doubled.size > 0) void keepOne(room, doubled, differed);
}

interface Copy {
  message: Message;
  client: number;
  clock: number;
  index: number;
}

/** Every live copy of each of `ids`, with its item id and position. */
function copiesOf(messages: Y.Array<Message>, ids: Set<string>): Map<string, Copy[]> {
  const copies = new Map<string, Copy[]>();
  let index = 0;
  for (let item = messages._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue;
    (item.content.getContent() as Message[]).forEach((message, offset) => {
      if (ids.has(message.id)) copies.set(message.id, [...(copies.get(message.id) ?? []), { message, client: item.id.client, clock: item.id.clock + offset, index: index + offset }]);
    });
    index += item.length;
  }
  return copies;
}

const smaller = (a: Copy, b: Copy) => (a.client !== b.client ? a.client < b.client : a.clock < b.clock);

async function keepOne(room: Room, ids: Set<string>, differed: (id: string) => void): Promise<void> {
  if (ids.size === 0) return;
  const wanted = new Set(ids);
  ids.clear();
  const messages = ConvDoc.messages(room.doc);
  const extra: Copy[] = [];
  for (const [id, copies] of copiesOf(messages, wanted)) {
    if (copies.length < 2) continue;
    const kept = copies.reduce((a, b) => (smaller(a, b) ? a : b));
    const others = copies.filter((copy) => copy !== kept);
    extra.push(...others);
    if (others.some((copy) => JSON.stringify(copy.message) !== JSON.stringify(kept.message))) differed(id);
  }
  if (extra.length === 0) return;
  // From the last, so that the positions still to delete stay valid.
  extra.sort((a, b) => b.index - a.index);
  await room.write(() => extra.forEach((copy) => messages.delete(copy.index, 1)));
}
