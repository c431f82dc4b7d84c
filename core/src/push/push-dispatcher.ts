/**
 * Decides the queued pushes (push-queue.ts) and hands them to the delivery: in a process that
 * knows who is connected (a sync server: its presence covers every instance through the bus).
 * Nothing is pushed to someone with a socket open (the app shows it), of a kind they turned off,
 * from a conversation they muted, in their quiet hours, or from someone blocked either way.
 */
import type { Db } from '../db/connect.js';
import { blockedPairs } from '../db/blocks.js';
import type { Logger } from '../logger.js';
import { allowsPush, parseSettings } from './notification-settings.js';
import type { PushDelivery } from './push-delivery.js';
import { takePushes, type QueuedPush } from './push-queue.js';
import type { DeliveryOptions } from './push-request.js';
import type { PushSubscriptions } from './push-subscriptions.js';
import { pushPayload } from './push-texts.js';
import { pushTraits, type PushTraits } from './pushable.js';

export interface DispatcherDeps {
  db: Db;
  log: Logger;
  subscriptions: PushSubscriptions;
  delivery: PushDelivery;
  /** Whether the user has a socket open on any instance. */
  online: (userId: string) => boolean;
  publicUrl: string | undefined;
  /**
   * How often the queue is looked at when nothing woke the dispatcher: a safety net (a wake-up lost
   * with a process, a row queued behind the server's back); pushes queued through the notifier wake
   * it at once (`push.queued`).
   */
  pollMs?: number;
  now?: () => Date;
}

const BATCH = 500;
/** The safety net's interval (`pollMs`): an idle process reads the queue once in this long. */
export const PUSH_POLL_MS = 2000;

export class PushDispatcher {
  private timer: NodeJS.Timeout | undefined;
  /** One look at the queue at a time: each starts after the one before it ended. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  /** A drain is chained and not yet begun: a wake-up meanwhile is already served by it. */
  private drainWaiting = false;
  /** Resolved by stop(): a drain waiting for the delivery to make room waits no longer. */
  private readonly stopping: Promise<void>;
  private halt!: () => void;

  constructor(private readonly deps: DispatcherDeps) {
    this.stopping = new Promise((resolve) => (this.halt = resolve));
  }

  start(): void {
    this.schedule(0);
  }

  /** Pushes were queued (`push.queued`, or this process queued some): the queue is looked at now, once for a burst of wake-ups. */
  wake(): void {
    if (this.drainWaiting || this.stopped) return;
    this.drainWaiting = true;
    void this.flush();
  }

  /**
   * Decides what is queued now (and until the queue is empty), and resolves once every push queued
   * before the call was decided (handed to the delivery, or dropped).
   */
  flush(): Promise<void> {
    this.chain = this.chain
      .then(() => {
        this.drainWaiting = false;
        return this.drain();
      })
      .catch((err: unknown) => this.deps.log.warn({ err }, 'push queue failed'));
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halt();
    clearTimeout(this.timer);
    await this.chain;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.flush().finally(() => this.schedule(this.deps.pollMs ?? PUSH_POLL_MS)), ms);
    this.timer.unref();
  }

  /**
   * Batch by batch: one statement takes a batch from the queue, one reads its accounts' settings,
   * one the blocks among its senders and recipients, one the devices. The next batch is taken only
   * once the delivery has little left of the last, so a burst waits in the table, where another
   * instance may take its share, not in this process's memory.
   */
  private async drain(): Promise<void> {
    for (;;) {
      await Promise.race([this.deps.delivery.down(BATCH / 2), this.stopping]);
      if (this.stopped) return;
      const taken = await takePushes(this.deps.db, BATCH);
      await this.decide(taken.filter((queued) => !this.deps.online(queued.userId))).catch((err: unknown) => this.deps.log.warn({ err, pushes: taken.length }, 'deciding pushes failed'));
      if (taken.length < BATCH) return;
    }
  }

  private async decide(pushes: QueuedPush[]): Promise<void> {
    if (pushes.length === 0) return;
    const userIds = [...new Set(pushes.map((queued) => queued.userId))];
    const users: { id: string; locale: string | null; notification_settings: unknown }[] = await this.deps.db('users').whereIn('id', userIds).select('id', 'locale', 'notification_settings');
    const accounts = new Map(users.map((user) => [user.id, { locale: user.locale, settings: parseSettings(user.notification_settings) }]));
    const now = this.deps.now?.() ?? new Date();
    const allowed: { queued: QueuedPush; traits: PushTraits }[] = [];
    for (const queued of pushes) {
      const traits = pushTraits(queued.push);
      const account = accounts.get(queued.userId);
      if (traits && account && allowsPush(account.settings, traits, now)) allowed.push({ queued, traits });
    }
    const blocked = await blockedPairs(this.deps.db, allowed.flatMap(({ queued, traits }) => (traits.from ? [[queued.userId, traits.from] as const] : [])));
    const sent = allowed.filter(({ queued, traits }) => !traits.from || !blocked.has(`${queued.userId} ${traits.from}`));
    if (sent.length === 0) return;
    const devices = await this.deps.subscriptions.forUsers([...new Set(sent.map(({ queued }) => queued.userId))]);
    for (const { queued, traits } of sent) {
      const account = accounts.get(queued.userId)!;
      const payload = pushPayload(queued.push, { locale: account.locale, preview: account.settings.preview, publicUrl: this.deps.publicUrl, userId: queued.userId });
      for (const device of devices.get(queued.userId) ?? []) this.deps.delivery.send(device, payload, deliveryOptions(traits));
    }
  }
}

/** A message waits a day for an offline device, an invitation or a match only while it can still be answered. */
function deliveryOptions(traits: PushTraits): DeliveryOptions {
  switch (traits.setting) {
    case 'message':
      return { ttl: 86_400, urgency: 'high', topic: `c${traits.convId}` };
    case 'mention':
      return { ttl: 86_400, urgency: 'high' };
    case 'friend_request':
      return { ttl: 7 * 86_400, urgency: 'normal' };
    case 'game_invite':
    case 'match_ready':
      return { ttl: 600, urgency: 'high' };
  }
}
