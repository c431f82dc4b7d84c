/**
 * Read receipts in DMs (docs/architecture.md §3): when a user's `reads` move, the server writes
 * `receipts[userId] = seq` into the DM's head segment, unless the user set
 * `settings.readReceipts = false`; turning them off removes the user's receipts from their DMs'
 * heads. A head that rolls over hands its receipts on to the next (sealSegment), so the head is
 * the one segment that holds them. Only the user's own sockets' changes count: another instance hears the same change from
 * its socket and does the same.
 */
import type { Db, Logger } from '@volley/core';
import { ConvDoc, convRoom, parseRoom, UserDoc } from '@volley/shared';
import type * as Y from 'yjs';
import { isClientOrigin, type Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';

interface Dm {
  id: string;
  head_segment: number;
  last_seq: number;
}

const receiptsOn = (doc: Y.Doc) => UserDoc.settings(doc).get('readReceipts') !== false;

export class ReadReceipts {
  /** One user's receipts are written in the order their changes came. */
  private readonly queues = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly deps: { db: Db; rooms: Rooms; log: Logger }) {}

  /** Lets the receipts being written finish; writes no more. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.queues.values());
  }

  /** For every loaded room: in a user room, `reads` and `settings.readReceipts` are followed. */
  watch(room: Room): void {
    const name = parseRoom(room.name);
    if (name?.kind !== 'user') return;
    const { userId } = name;
    UserDoc.reads(room.doc).observe((event, transaction) => {
      if (isClientOrigin(transaction.origin) && receiptsOn(room.doc)) this.enqueue(userId, () => this.forward(room, userId, [...event.keysChanged]));
    });
    UserDoc.settings(room.doc).observe((event, transaction) => {
      if (!isClientOrigin(transaction.origin) || !event.keysChanged.has('readReceipts')) return;
      this.enqueue(userId, () => (receiptsOn(room.doc) ? this.forward(room, userId, [...UserDoc.reads(room.doc).keys()]) : this.withdraw(userId)));
    });
  }

  private enqueue(userId: string, task: () => Promise<void>): void {
    if (this.closed) return;
    const next = (this.queues.get(userId) ?? Promise.resolve()).then(task).catch((err: unknown) => {
      this.deps.log.error({ err, userId }, 'writing read receipts failed');
    });
    this.queues.set(userId, next);
    void next.then(() => this.queues.get(userId) === next && this.queues.delete(userId));
  }

  /** The user's DMs among `convIds` (all of them when omitted). */
  private dms(userId: string, convIds?: string[]): Promise<Dm[]> {
    const query = this.deps.db('conversations as c')
      .join('conversation_members as m', 'm.conversation_id', 'c.id')
      .where({ 'm.user_id': userId, 'c.kind': 'dm' })
      .select('c.id', 'c.head_segment', 'c.last_seq');
    return convIds ? query.whereIn('c.id', convIds) : query;
  }

  /** Moves the user's receipt forward in each DM read, to at most the DM's last message. */
  private async forward(room: Room, userId: string, convIds: string[]): Promise<void> {
    const reads = UserDoc.reads(room.doc);
    for (const dm of await this.dms(userId, convIds)) {
      const read = reads.get(dm.id);
      if (typeof read !== 'number' || !Number.isInteger(read)) continue;
      const seq = Math.min(read, dm.last_seq);
      if (seq < 1) continue;
      await this.deps.rooms.using(convRoom(dm.id, dm.head_segment), (segment) =>
        segment.write((doc) => {
          const receipts = ConvDoc.receipts(doc);
          if ((receipts.get(userId) ?? 0) < seq) receipts.set(userId, seq);
        }),
      );
    }
  }

  private async withdraw(userId: string): Promise<void> {
    for (const dm of await this.dms(userId)) {
      await this.deps.rooms.using(convRoom(dm.id, dm.head_segment), (segment) =>
        segment.write((doc) => {
          if (ConvDoc.receipts(doc).has(userId)) ConvDoc.receipts(doc).delete(userId);
        }),
      );
    }
  }
}
