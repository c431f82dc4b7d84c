import { newId, notificationsOf, userRoom, type Notification } from '@volley/shared';
import type { Bus } from './bus.js';
import type { Db } from './db/connect.js';
import { DomainEvents } from './events.js';
import type { Logger } from './logger.js';
import { queuePush } from './push/push-queue.js';
import { RoomFanout } from './rooms/room-fanout.js';
import { UpdateLog } from './rooms/update-log.js';
import { writeIntoRoom } from './rooms/server-write.js';

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
    const entry = { ...notification, id: newId(), at: new Date().toISOString() } as Notification;
    await writeIntoRoom(this.target, userRoom(userId), (doc) => notificationsOf(doc).set(entry.id, entry));
    // A device of theirs gets it as a push if no socket of theirs is open then (push/push-dispatcher.ts),
    // woken by the event wherever it runs.
    if (await queuePush(this.deps.db, userId, { kind: 'notification', notification: entry })) await this.events.publish({ type: 'push.queued' });
  }
}
