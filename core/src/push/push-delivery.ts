/**
 * Sends pushes to the push services (RFC 8030, payloads encrypted with aes128gcm by `web-push`):
 * a queue in memory drained by at most `concurrency` requests at once, so a burst waits its turn
 * rather than opening thousands of connections; 429 and 5xx retried with a growing, jittered
 * delay (or the service's Retry-After); 404 and 410 drop the subscription, which is gone.
 */
import webpush from 'web-push';
import type { PushPayload } from '@volley/shared';
import type { Logger } from '../logger.js';
import type { PushConfig } from '../config.js';
import type { StoredSubscription } from './push-subscriptions.js';

export interface DeliveryOptions {
  /** Seconds the push service keeps it for an offline device. */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** A newer push of the same topic replaces one the service still holds (a conversation's messages). */
  topic?: string;
}

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
}

export class PushDelivery {
  private readonly queue: Job[] = [];
  private running = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Pushes accepted by a push service, and given up. */
  readonly counts = { sent: 0, failed: 0, gone: 0 };

  constructor(private readonly deps: DeliveryDeps) {}

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
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking pushes and drops the retries waiting; requests in flight finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    await this.idle();
  }

  private pump(): void {
    const concurrency = this.deps.concurrency ?? 64;
    while (this.running < concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.running += 1;
      void this.deliver(job).finally(() => {
        this.running -= 1;
        this.pump();
        this.settle();
      });
    }
  }

  private settle(): void {
    if (this.pending > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  private async deliver(job: Job): Promise<void> {
    const { subscription, options } = job;
    const log = { subscriptionId: subscription.id, userId: subscription.userId };
    let status: number;
    let retryAfter: string | null = null;
    try {
      const request = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, JSON.stringify(job.payload), {
        vapidDetails: this.deps.vapid,
        TTL: options.ttl,
        urgency: options.urgency,
        ...(options.topic ? { topic: options.topic } : {}),
      });
      const res = await fetch(request.endpoint, { method: 'POST', headers: request.headers as Record<string, string>, body: request.body ? Uint8Array.from(request.body as Buffer) : null, signal: AbortSignal.timeout(15_000), redirect: 'error' });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      await res.body?.cancel();
    } catch (err) {
      // No answer (refused, reset, timed out): like a 5xx, worth another try.
      this.deps.log.debug({ err, ...log }, 'push request failed');
      status = 0;
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
