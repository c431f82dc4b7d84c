import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type BusHandler = (payload: Buffer) => void;

/**
 * Fan-out between processes: room updates, awareness, membership changes.
 * In-process for the embedded default, Redis pub/sub when scaled out.
 *
 * Every subscription is made under a subscriber name (by default one per bus object); a publish
 * `from` a name skips the channel when that name is its only subscriber, so an instance alone on a
 * channel never hears its own messages (with Redis, not even as a round trip). With others there,
 * the in-process bus still leaves the sender out; Redis delivers to every subscriber, the sender's
 * too (a payload that must tell says who sent it, as RoomFanout's do).
 */
export interface Bus {
  publish(channel: string, payload: Uint8Array, from?: string): Promise<void>;
  /** Resolves once the subscription is live; the returned function unsubscribes. */
  subscribe(channel: string, handler: BusHandler, subscriber?: string): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryBus implements Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private readonly subscribers = new WeakMap<BusHandler, string>();
  private readonly name = randomUUID();

  async publish(channel: string, payload: Uint8Array, from?: string): Promise<void> {
    const others = this.emitter.listeners(channel).filter((handler) => this.subscribers.get(handler as BusHandler) !== from) as BusHandler[];
    if (others.length === 0) return;
    const buffer = Buffer.from(payload);
    // Asynchronous like Redis, so both buses show the same ordering to their callers.
    queueMicrotask(() => others.forEach((handler) => handler(buffer)));
  }

  async subscribe(channel: string, handler: BusHandler, subscriber = this.name): Promise<() => Promise<void>> {
    // Wrapped, so that one handler subscribed twice is two subscriptions.
    const listener: BusHandler = (payload) => handler(payload);
    this.subscribers.set(listener, subscriber);
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

/**
 * PUBLISH unless the channel's only subscriber is the sender. KEYS: the channel's subscriber set,
 * the channel; ARGV: the payload, the sender.
 */
const PUBLISH_TO_OTHERS = `
if redis.call('SCARD', KEYS[1]) == 1 and redis.call('SISMEMBER', KEYS[1], ARGV[2]) == 1 then return 0 end
return redis.call('PUBLISH', KEYS[2], ARGV[1])`;

type PublishingRedis = Redis & { publishToOthers(subscribers: string, channel: string, payload: Buffer, from: string): Promise<number> };

export class RedisBus implements Bus {
  private readonly pub: PublishingRedis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();
  /** Per channel, this bus's subscriptions under each subscriber name. */
  private readonly named = new Map<string, Map<string, number>>();
  private readonly name = randomUUID();

  /** `prefix` namespaces the channels (tests run side by side on one Redis). */
  constructor(url: string, private readonly prefix = 'volley:') {
    // Auto-pipelining: the publishes of one tick (a message's segment and status updates) leave in
    // one socket write instead of one each, in the order they were made.
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, enableAutoPipelining: true }) as PublishingRedis;
    this.pub.defineCommand('publishToOthers', { numberOfKeys: 2, lua: PUBLISH_TO_OTHERS });
    // No ready check on the subscriber: its INFO can race a SUBSCRIBE issued while connecting and be
    // refused ("Connection in subscriber mode"), which makes ioredis reconnect (ioredis#2037).
    this.sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, enableReadyCheck: false });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString().slice(this.prefix.length);
      for (const handler of this.handlers.get(name) ?? []) handler(message);
    });
  }

  async publish(channel: string, payload: Uint8Array, from?: string): Promise<void> {
    const buffer = Buffer.from(payload);
    if (from === undefined) await this.pub.publish(this.prefix + channel, buffer);
    else await this.pub.publishToOthers(this.subscribersKey(channel), this.prefix + channel, buffer, from);
  }

  /**
   * The name is added to the channel's subscriber set before the SUBSCRIBE: a publish that skipped
   * the channel came before it, so whatever the caller reads after subscribing (a room's log) has it.
   */
  async subscribe(channel: string, handler: BusHandler, subscriber = this.name): Promise<() => Promise<void>> {
    let names = this.named.get(channel);
    if (!names) this.named.set(channel, (names = new Map()));
    names.set(subscriber, (names.get(subscriber) ?? 0) + 1);
    if (names.get(subscriber) === 1) await this.pub.sadd(this.subscribersKey(channel), subscriber);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.sub.subscribe(this.prefix + channel);
    }
    // Wrapped, so that one handler subscribed twice is two subscriptions.
    const listener: BusHandler = (payload) => handler(payload);
    set.add(listener);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(listener)) return;
      if (current.size === 0) {
        this.handlers.delete(channel);
        await this.sub.unsubscribe(this.prefix + channel);
      }
      const left = (names.get(subscriber) ?? 1) - 1;
      if (left > 0) return void names.set(subscriber, left);
      names.delete(subscriber);
      if (names.size === 0 && this.named.get(channel) === names) this.named.delete(channel);
      await this.pub.srem(this.subscribersKey(channel), subscriber);
    };
  }

  async close(): Promise<void> {
    const named = [...this.named];
    this.handlers.clear();
    this.named.clear();
    // A process that stops without this (a crash) leaves its names behind: others keep publishing, which is safe.
    await Promise.allSettled(named.map(([channel, names]) => this.pub.srem(this.subscribersKey(channel), ...names.keys())));
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private subscribersKey(channel: string): string {
    return `${this.prefix}subscribers:${channel}`;
  }
}

export function createBus(redisUrl: string | undefined, prefix?: string): Bus {
  return redisUrl ? new RedisBus(redisUrl, prefix) : new MemoryBus();
}
