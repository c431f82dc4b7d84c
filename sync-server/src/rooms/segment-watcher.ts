/**
 * Conversation segments as they load: the copies of each message are counted (segment-copies.ts),
 * and the segment is made to show what the `messages` table holds (segment-reconcile.ts). At start,
 * the segments that got messages lately are reconciled too, for the copies other instances keep
 * loaded.
 */
import type { Db, Logger } from '@volley/core';
import { parseRoom } from '@volley/shared';
import type { RecordedMessages } from './recorded-message.js';
import type { Room } from './room.js';
import type { Rooms, RoomWatcher } from './rooms.js';
import { watchCopies } from './segment-copies.js';
import { reconcileRecent, reconcileSegment } from './segment-reconcile.js';

export class SegmentWatcher implements RoomWatcher {
  private closing = false;
  private recovering: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { db: Db; rooms: Rooms; recorded: Pick<RecordedMessages, 'show'>; log: Logger }) {}

  /** Reconciles the segments that got messages lately, in the background. */
  start(): void {
    const { db, rooms, log } = this.deps;
    this.recovering = reconcileRecent(db, rooms, () => this.closing).catch((err: unknown) => log.error({ err }, 'reconciling recent segments at start failed'));
  }

  async prepare(room: Room): Promise<void> {
    const name = parseRoom(room.name);
    if (name?.kind !== 'conv') return;
    const { db, recorded, log } = this.deps;
    watchCopies(room, (id) => void recorded.show(id).catch((err: unknown) => log.error({ err, room: room.name, id }, 'showing a message again failed')));
    // Not waited for: the clients that made the room load wait for their sync step 2.
    if (await reconcileSegment(db, room, name.convId, name.segment)) void room.compact();
  }

  /** Stops the reconciling at start, once the segment under way is done. */
  async close(): Promise<void> {
    this.closing = true;
    await this.recovering;
  }
}
