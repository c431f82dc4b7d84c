/**
 * Sends pushes to the push services (push-request.ts): a queue in memory drained by at most
 * `concurrency` requests at once, so a burst waits its turn rather than opening thousands of
 * connections, started one per turn of the event loop, so that encrypting a burst never holds up
 * the sockets' messages for longer than one push, and at most `perSecond` a second past a first
 * burst of `concurrency`, so that a burst's encryption takes a bounded share of the event loop
 * (about a quarter of a core at 500 a second) rather than all it can get; 429 and 5xx retried with a growing, jittered
 * delay (or the service's Retry-After); 404 and 410 drop the subscription, which is gone.
 */
import { performance } from 'node:perf_hooks';
import type { PushPayload } from '@volley/shared';
import type { Logger } from '../logger.js';
import type { PushConfig } from '../config.js';
import { PushRequests, type DeliveryOptions } from './push-request.js';
import type { StoredSubscription } from './push-subscriptions.js';

interface Job {
  subscription: StoredSubscription;
  payload: PushPayload;
  options: DeliveryOptions;
  attempt: number;
}

export interface DeliveryDeps {
  vapid: PushConfig['vapid'];
  log: Logger;
  /** The service answered that this subscription is gone. */
  gone: (subscription: StoredSubscription) => Promise<void>;
  concurrency?: number;
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles it. */
  retryBaseMs?: number;
  /** Pushes started a second at most, past a first burst of `concurrency`. */
  perSecond?: number;
}

const DEFAULT_CONCURRENCY = 64;
/** 10,000 pushes in 20 s: a third of what a burst of that size may take. */
const DEFAULT_PER_SECOND = 500;

export class PushDelivery {
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Who waits for the pending pushes to fall to a level (0: idle). */
  private waiters: { level: number; resolve: () => void }[] = [];
  private closed = false;
  /** Pushes accepted by a push service, and given up. */
  readonly counts = { sent: 0, failed: 0, gone: 0 };

  private readonly requests: PushRequests;
  /** A start of the next push is scheduled (setImmediate, or a timer when paced). */
  private starting = false;
  /** When the pace allows the next start, a burst of `concurrency` aside (performance.now() time). */
  private nextStart = 0;

  constructor(private readonly deps: DeliveryDeps) {
    this.requests = new PushRequests(deps.vapid, deps.concurrency ?? DEFAULT_CONCURRENCY);
  }

  send(subscription: StoredSubscription, payload: PushPayload, options: DeliveryOptions): void {
    if (this.closed) return;
    this.queue.push({ subscription, payload, options, attempt: 1 });
    this.pump();
  }

  /** Pushes queued, in flight or waiting for a retry. */
  get pending(): number {
    return this.queue.length + this.running + this.timers.size;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    return this.down(0);
  }

  /** Resolves once at most `level` pushes are pending: the dispatcher's cue to take more from the queue. */
  down(level: number): Promise<void> {
    if (this.pending <= level) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ level, resolve }));
  }

  /** Stops taking pushes and drops the retries waiting; requests in flight finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.settle();
    await this.idle();
    this.requests.close();
  }

  private pump(): void {
    const concurrency = this.deps.concurrency ?? DEFAULT_CONCURRENCY;
    if (this.starting || this.running >= concurrency || this.queue.length === 0) return;
    this.starting = true;
    const interval = 1000 / (this.deps.perSecond ?? DEFAULT_PER_SECOND);
    const now = performance.now();
    const wait = Math.max(this.nextStart, now) - now - (concurrency - 1) * interval;
    const start = () => {
      this.starting = false;
      const job = this.queue.shift();
      if (!job) return this.settle();
      this.nextStart = Math.max(this.nextStart, performance.now()) + interval;
      this.running += 1;
      void this.deliver(job).finally(() => {
        this.running -= 1;
        this.pump();
        this.settle();
      });
      this.pump();
    };
    if (wait > 0) setTimeout(start, wait).unref();
    else setImmediate(start);
  }

  private settle(): void {
    const pending = this.pending;
    const ready = this.waiters.filter((w) => pending <= w.level);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => pending > w.level);
    ready.forEach((w) => w.resolve());
  }

  private async deliver(job: Job): Promise<void> {
    const { subscription, options } = job;
    const log = { subscriptionId: subscription.id, userId: subscription.userId };
    let status = 0;
    let retryAfter: string | null = null;
    try {
      ({ status, retryAfter } = await this.requests.post(subscription, JSON.stringify(job.payload), options));
    } catch (err) {
      // A subscription whose keys cannot be encrypted for: no retry will do better.
      this.deps.log.warn({ err, ...log }, 'push not encrypted');
      this.counts.failed += 1;
      return;
    }
    if (status >= 200 && status < 300) {
      this.counts.sent += 1;
      return;
    }
    if (status === 404 || status === 410) {
      this.counts.gone += 1;
      await this.deps.gone(subscription).catch((err: unknown) => this.deps.log.warn({ err, ...log }, 'dropping a gone push subscription failed'));
      return;
    }
    const retryable = status === 0 || status === 429 || status >= 500;
    if (!retryable || job.attempt >= (this.deps.maxAttempts ?? 5) || this.closed) {
      this.counts.failed += 1;
      this.deps.log.warn({ ...log, status, attempt: job.attempt }, 'push not delivered');
      return;
    }
    const base = (this.deps.retryBaseMs ?? 1000) * 2 ** (job.attempt - 1);
    const asked = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0;
    const delay = Math.min(Math.max(asked, base * (0.5 + Math.random())), 5 * 60_000);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.queue.push({ ...job, attempt: job.attempt + 1 });
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}
