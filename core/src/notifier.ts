import { newId, notificationsOf, userRoom, type Notification } from '@volley/shared';
import type { Bus } from './bus.js';
import type { Db } from './db/connect.js';
import { DomainEvents } from './events.js';
import type { Logger } from './logger.js';
import { queuePush, queuePushes } from './push/push-queue.js';
import { RoomFanout } from './rooms/room-fanout.js';
import { UpdateLog } from './rooms/update-log.js';
import { serverUpdate, writeIntoRoom } from './rooms/server-write.js';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;
export type NewNotification = DistributiveOmit<Notification, 'id' | 'at' | 'read'>;

/** Writes notifications into users' own documents (`user.<id>` → `notifications`), from any process, and queues their pushes. */
export class Notifier {
  private readonly target: { log: UpdateLog; fanout: RoomFanout };
  private readonly events: DomainEvents;

  constructor(private readonly deps: { db: Db; bus: Bus; logger: Logger }) {
    this.target = { log: new UpdateLog(deps.db), fanout: new RoomFanout(deps.bus, deps.logger) };
    this.events = new DomainEvents(deps.bus);
  }

  async notify(userId: string, notification: NewNotification): Promise<void> {
    const entry = this.entry(notification);
    await writeIntoRoom(this.target, userRoom(userId), (doc) => notificationsOf(doc).set(entry.id, entry));
    // A device of theirs gets it as a push if no socket of theirs is open then (push/push-dispatcher.ts),
    // woken by the event wherever it runs.
    if (await queuePush(this.deps.db, userId, { kind: 'notification', notification: entry })) await this.events.publish({ type: 'push.queued' });
  }

  /**
   * The same for many, written by the caller's transaction: the notifications (and their pushes)
   * are committed with the change they tell of, or not at all, in two statements. What it returns
   * shows them to the sync servers holding those documents; call it once the transaction committed.
   */
  async notifyWithin(trx: Db, notifications: readonly (readonly [userId: string, notification: NewNotification])[]): Promise<() => Promise<void>> {
    if (notifications.length === 0) return async () => {};
    const written = notifications.map(([userId, notification]) => {
      const entry = this.entry(notification);
      return { userId, entry, room: userRoom(userId), update: serverUpdate((doc) => notificationsOf(doc).set(entry.id, entry)) };
    });
    await trx('sync_updates').insert(written.map(({ room, update }) => ({ room, data: Buffer.from(update) })));
    const queued = await queuePushes(trx, written.map(({ userId, entry }) => [userId, { kind: 'notification', notification: entry }] as const));
    return async () => {
      for (const { room, update } of written) this.target.fanout.publish(room, 'update', update);
      if (queued.length > 0) await this.events.publish({ type: 'push.queued' });
    };
  }

  private entry(notification: NewNotification): Notification {
    return { ...notification, id: newId(), at: new Date().toISOString() } as Notification;
  }
}
