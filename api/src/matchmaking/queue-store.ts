/** Where the queue lives: in this process (embedded), or in Redis shared by every api instance. */
import { connectRedis, type RedisClient, type RedisTarget } from '@volley/core';
import { newId } from '@volley/shared';
import type { QueueEntry } from './pairing.js';

export interface QueueStore {
  /** Queues the user, replacing their previous entry (another tab's). */
  add(entry: QueueEntry): Promise<void>;
  /** Takes the entry out if it is still this ticket's. */
  remove(entry: Pick<QueueEntry, 'userId' | 'ticket'>): Promise<void>;
  /** Everyone queued. */
  entries(): Promise<QueueEntry[]>;
  /** Takes both out at once if both are still queued under these tickets; false if either is gone (matched elsewhere, left, replaced). */
  take(a: QueueEntry, b: QueueEntry): Promise<boolean>;
  close(): Promise<void>;
}

export class MemoryQueue implements QueueStore {
  private readonly queued = new Map<string, QueueEntry>();

  async add(entry: QueueEntry): Promise<void> {
    this.queued.set(entry.userId, entry);
  }

  async remove({ userId, ticket }: Pick<QueueEntry, 'userId' | 'ticket'>): Promise<void> {
    if (this.queued.get(userId)?.ticket === ticket) this.queued.delete(userId);
  }

  async entries(): Promise<QueueEntry[]> {
    return [...this.queued.values()];
  }

  async take(a: QueueEntry, b: QueueEntry): Promise<boolean> {
    if (this.queued.get(a.userId)?.ticket !== a.ticket || this.queued.get(b.userId)?.ticket !== b.ticket) return false;
    this.queued.delete(a.userId);
    this.queued.delete(b.userId);
    return true;
  }

  async close(): Promise<void> {
    this.queued.clear();
  }
}

/** KEYS: entries hash (userId → entry JSON), ratings sorted set. ARGV: userId, ticket pairs. */
const TAKE = `
for i = 1, #ARGV, 2 do
  local entry = redis.call('HGET', KEYS[1], ARGV[i])
  if not entry or cjson.decode(entry).ticket ~= ARGV[i + 1] then return 0 end
end
for i = 1, #ARGV, 2 do
  redis.call('HDEL', KEYS[1], ARGV[i])
  redis.call('ZREM', KEYS[2], ARGV[i])
end
return 1`;

/** An instance silent this long is presumed dead: its players' sockets are gone with it. */
const ALIVE_FOR_MS = 15_000;

type StoredEntry = QueueEntry & { instance: string };

/**
 * The queue in Redis: a hash of entries and a sorted set of ratings (the order the matcher reads).
 * Taking a pair is one script, so of two instances pairing the same player only one succeeds.
 * Each entry names the instance holding its socket, which says it is alive on every read; the
 * entries of an instance that stopped saying so are dropped rather than matched with nobody.
 */
export class RedisQueue implements QueueStore {
  private readonly redis: RedisClient;
  private readonly keys: [entries: string, ratings: string];
  private readonly instance = newId();
  private readonly tag: string;

  constructor(target: RedisTarget, prefix: string) {
    this.redis = connectRedis(target, { maxRetriesPerRequest: null });
    // One hash tag for every key of the queue: on a Redis Cluster they share a slot, so that the
    // script taking a pair, the MULTI adding an entry and the MGET of the beats may touch them together.
    this.tag = `{${prefix}}`;
    this.keys = [`${this.tag}entries`, `${this.tag}ratings`];
  }

  private readonly alive = (instance: string) => `${this.tag}alive:${instance}`;

  async add(entry: QueueEntry): Promise<void> {
    const stored: StoredEntry = { ...entry, instance: this.instance };
    await this.redis
      .multi()
      .set(this.alive(this.instance), '1', 'PX', ALIVE_FOR_MS)
      .hset(this.keys[0], entry.userId, JSON.stringify(stored))
      .zadd(this.keys[1], entry.rating, entry.userId)
      .exec();
  }

  async remove(entry: Pick<QueueEntry, 'userId' | 'ticket'>): Promise<void> {
    await this.redis.eval(TAKE, 2, ...this.keys, entry.userId, entry.ticket);
  }

  async entries(): Promise<QueueEntry[]> {
    await this.redis.set(this.alive(this.instance), '1', 'PX', ALIVE_FOR_MS);
    const ids = await this.redis.zrange(this.keys[1], 0, -1);
    if (ids.length === 0) return [];
    const values = await this.redis.hmget(this.keys[0], ...ids);
    const entries = values.flatMap((value) => (value ? [JSON.parse(value) as StoredEntry] : []));
    const instances = [...new Set(entries.map((e) => e.instance))];
    const beats = await this.redis.mget(...instances.map(this.alive));
    const dead = new Set(instances.filter((_, i) => beats[i] === null));
    await Promise.all(entries.filter((e) => dead.has(e.instance)).map((e) => this.remove(e)));
    return entries.filter((e) => !dead.has(e.instance));
  }

  async take(a: QueueEntry, b: QueueEntry): Promise<boolean> {
    return (await this.redis.eval(TAKE, 2, ...this.keys, a.userId, a.ticket, b.userId, b.ticket)) === 1;
  }

  async close(): Promise<void> {
    await this.redis.del(this.alive(this.instance)).catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
  }
}
