import { DomainEvents, forCategory, Notifier, type Db, type Deps, type DomainEvent, type Logger, type NewNotification } from '@volley/core';

/**
 * What a committed change tells others: notifications into users' own documents and domain
 * events for the sync servers. Run after the commit; a failure is logged rather than answered,
 * since the change itself stands and a retry by the client would only conflict with it.
 */
export class Effects {
  private readonly notifier: Notifier;
  private readonly events: DomainEvents;
  private readonly log: Logger;

  constructor(deps: Deps) {
    this.notifier = new Notifier(deps);
    this.events = new DomainEvents(deps.bus);
    this.log = forCategory(deps.logger, 'bus');
  }

  notify(userId: string, notification: NewNotification): Promise<void> {
    return this.notifier.notify(userId, notification).catch((err: unknown) => this.failed(err, { userId, kind: notification.kind }));
  }

  /**
   * Notifications written by the caller's transaction, so that they are committed with the change
   * they tell of; what it returns shows them, once committed (a failure there is logged: they are
   * stored, and read when the documents are next loaded).
   */
  async notifyWithin(trx: Db, notifications: readonly (readonly [userId: string, notification: NewNotification])[]): Promise<() => Promise<void>> {
    const show = await this.notifier.notifyWithin(trx, notifications);
    return () => show().catch((err: unknown) => this.failed(err, { notifications: notifications.length }));
  }

  publish(event: DomainEvent): Promise<void> {
    return this.events.publish(event).catch((err: unknown) => this.failed(err, { event: event.type }));
  }

  private failed(err: unknown, ids: Record<string, unknown>): void {
    this.log.error({ ...ids, err: { message: err instanceof Error ? err.message : String(err) } }, 'effect of a committed change failed');
  }
}
