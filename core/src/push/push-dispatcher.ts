/**
 * Decides the queued pushes (push-queue.ts) and hands them to the delivery: in a process that
 * knows who is connected (a sync server: its presence covers every instance through the bus).
 * Nothing is pushed to someone with a socket open (the app shows it), of a kind they turned off,
 * from a conversation they muted, in their quiet hours, or from someone blocked either way.
 */
import type { Db } from '../db/connect.js';
import { blockedEitherWay } from '../db/blocks.js';
import type { Logger } from '../logger.js';
import { allowsPush, parseSettings } from './notification-settings.js';
import type { DeliveryOptions, PushDelivery } from './push-delivery.js';
import { takePushes, type QueuedPush } from './push-queue.js';
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
  /** How often the queue is looked at when it was found empty. */
  pollMs?: number;
  now?: () => Date;
}

const BATCH = 500;

export class PushDispatcher {
  private timer: NodeJS.Timeout | undefined;
  /** One look at the queue at a time: each starts after the one before it ended. */
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    this.schedule(0);
  }

  /**
   * Decides what is queued now (and until the queue is empty), and resolves once every push queued
   * before the call was decided (handed to the delivery, or dropped).
   */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.drain()).catch((err: unknown) => this.deps.log.warn({ err }, 'push queue failed'));
    return this.chain;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.chain;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.flush().finally(() => this.schedule(this.deps.pollMs ?? 250)), ms);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const taken = await takePushes(this.deps.db, BATCH);
      const byUser = new Map<string, QueuedPush[]>();
      for (const queued of taken) byUser.set(queued.userId, [...(byUser.get(queued.userId) ?? []), queued]);
      await Promise.all([...byUser].map(([userId, pushes]) => this.decide(userId, pushes)));
      if (taken.length < BATCH) return;
    }
  }

  private async decide(userId: string, pushes: QueuedPush[]): Promise<void> {
    if (this.deps.online(userId)) return;
    try {
      const user: { locale: string | null; notification_settings: unknown } | undefined = await this.deps.db('users').where({ id: userId }).first('locale', 'notification_settings');
      if (!user) return;
      const settings = parseSettings(user.notification_settings);
      const now = this.deps.now?.() ?? new Date();
      const allowed: { queued: QueuedPush; traits: PushTraits }[] = [];
      for (const queued of pushes) {
        const traits = pushTraits(queued.push);
        if (!traits || !allowsPush(settings, traits.setting, traits.convId, now)) continue;
        if (traits.from && (await blockedEitherWay(this.deps.db, userId, traits.from))) continue;
        allowed.push({ queued, traits });
      }
      if (allowed.length === 0) return;
      const devices = await this.deps.subscriptions.forUser(userId);
      for (const { queued, traits } of allowed) {
        const payload = pushPayload(queued.push, { locale: user.locale, preview: settings.preview, publicUrl: this.deps.publicUrl });
        for (const device of devices) this.deps.delivery.send(device, payload, deliveryOptions(traits));
      }
    } catch (err) {
      this.deps.log.warn({ err, userId }, 'deciding pushes failed');
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
