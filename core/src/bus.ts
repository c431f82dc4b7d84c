import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type BusHandler = (payload: Buffer) => void;

/**
 * Fan-out between processes: room updates, awareness, membership changes.
 * In-process for the embedded default, Redis pub/sub when scaled out.
 */
export interface Bus {
  publish(channel: string, payload: Uint8Array): Promise<void>;
  /** Resolves once the subscription is live; the returned function unsubscribes. */
  subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export class MemoryBus implements Bus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(channel: string, payload: Uint8Array): Promise<void> {
    const buffer = Buffer.from(payload);
    // Asynchronous like Redis, so both buses show the same ordering to their callers.
    queueMicrotask(() => this.emitter.emit(channel, buffer));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    this.emitter.on(channel, handler);
    return async () => {
      this.emitter.off(channel, handler);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisBus implements Bus {
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly handlers = new Map<string, Set<BusHandler>>();

  /** `prefix` namespaces the channels (tests run side by side on one Redis). */
  constructor(url: string, private readonly prefix = 'volley:') {
    // Auto-pipelining: the publishes of one tick (a message's segment, inbox and status updates)
    // leave in one socket write instead of one each, in the order they were made.
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, enableAutoPipelining: true });
    // No ready check on the subscriber: its INFO can race a SUBSCRIBE issued while connecting and be
    // refused ("Connection in subscriber mode"), which makes ioredis reconnect (ioredis#2037).
    this.sub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: null, enableReadyCheck: false });
    this.sub.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const name = channel.toString().slice(this.prefix.length);
      for (const handler of this.handlers.get(name) ?? []) handler(message);
    });
  }

  async publish(channel: string, payload: Uint8Array): Promise<void> {
    await this.pub.publish(this.prefix + channel, Buffer.from(payload));
  }

  async subscribe(channel: string, handler: BusHandler): Promise<() => Promise<void>> {
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await this.sub.subscribe(this.prefix + channel);
    }
    set.add(handler);
    return async () => {
      const current = this.handlers.get(channel);
      if (!current?.delete(handler) || current.size > 0) return;
      this.handlers.delete(channel);
      await this.sub.unsubscribe(this.prefix + channel);
    };
  }

  async close(): Promise<void> {
    this.handlers.clear();
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}

export function createBus(redisUrl: string | undefined, prefix?: string): Bus {
  return redisUrl ? new RedisBus(redisUrl, prefix) : new MemoryBus();
}
