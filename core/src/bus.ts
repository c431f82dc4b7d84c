import { randomBytes, randomUUID } from 'node:crypto';
import { metrics } from './metrics.js';
import { connectRedis, isCluster, type RedisClient, type RedisTarget } from './redis.js';

export type BusHandler = (payload: Buffer) => void;

/**
 * Fan-out between processes: room updates, awareness, membership changes.
 * In-process for the embedded default, Redis pub/sub when scaled out.
 *
 * Every subscription is made under a subscriber name (by default one per bus object). A publish
 * reaches the channel's subscribers in this process at once, without Redis, except those under the
 * `from` name; it goes through Redis only when another process may hold the channel. So an instance
 * alone on a channel, or a single process, sends nothing to Redis for it (docs/architecture.md §6).
 */
export interface Bus {
  publish(channel: string, payload: Uint8Array, from?: string): Promise<void>;
  /**
   * Resolves once the subscription is live; the returned function unsubscribes. `onPeer` is called
   * when another process joins a channel this process held alone: publishes made before it learned of
   * the newcomer were not sent, so the subscriber republishes what it holds (a room, its state).
   */
  subscribe(channel: string, handler: BusHandler, subscriber?: string, onPeer?: () => void): Promise<() => Promise<void>>;
  /** Resolves when the bus can carry messages (Redis answers and the subscriber connection is up). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Subscription {
  name: string;
  handler: BusHandler;
  onPeer: (() => void) | undefined;
}

/** Delivers to the local subscriptions but `from`'s, asynchronously like Redis, in publish order. */
function deliverLocally(subscriptions: Iterable<Subscription> | undefined, payload: Uint8Array, from: string | undefined): void {
  const to = [...(subscriptions ?? [])].filter((s) => s.name !== from);
  if (to.length === 0) return;
  const buffer = Buffer.from(payload);
  queueMicrotask(() => to.forEach((s) => s.handler(buffer)));
}

export class MemoryBus implements Bus {
  private readonly channels = new Map<string, Set<Subscription>>();
  private readonly name = randomUUID();

  async publish(channel: string, payload: Uint8Array, from?: string): Promise<void> {
    deliverLocally(this.channels.get(channel), payload, from);
  }

  async subscribe(channel: string, handler: BusHandler, subscriber = this.name): Promise<() => Promise<void>> {
    // One object per call, so that one handler subscribed twice is two subscriptions.
    const subscription: Subscription = { name: subscriber, handler, onPeer: undefined };
    const set = this.channels.get(channel) ?? this.channels.set(channel, new Set()).get(channel)!;
    set.add(subscription);
    return async () => {
      set.delete(subscription);
      if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.channels.clear();
  }
}

/** What this process knows of a channel it subscribes to. */
interface HeldChannel {
  subscriptions: Set<Subscription>;
  /** This process's subscriber names on the channel, with their subscription counts. */
  names: Map<string, number>;
  /** Other processes' subscribers on the channel (`<bus id>:<name>`), as far as this process has heard. */
  remote: Set<string>;
  /** Resolves once the Redis SUBSCRIBE is live. */
  live: Promise<unknown>;
  /** Whether `remote` has been read from Redis: until then every publish goes through Redis. */
  known: boolean;
}

/** A peer notice on the control channel: another process's subscriber joined or left a channel. */
interface PeerNotice {
  channel: string;
  member: string;
  joined: boolean;
}

/** Bytes of the sending bus's id (hex) in front of every payload sent through Redis. */
const ID_BYTES = 16;
const CONTROL = 'bus:peers';
/**
 * Each process renews a key saying it is alive this often, for three times as long: the names a
 * crashed process left in subscriber sets are dropped once its key has expired, so that a process
 * alone again stops publishing.
 */
const ALIVE_EVERY_MS = 5000;

/** On a cluster, how long the subscriber connections must stay up before the channels are claimed again. */
const SETTLE_MS = 1000;

const busOf = (member: string) => member.slice(0, ID_BYTES);

/**
 * The Redis bus. Per channel, the subscribers of every process are a Redis set
 * (`<prefix>subscribers:<channel>`, members `<bus id>:<name>`); a process reads it when it first
 * subscribes, and hears later joins and leaves on a control channel. A publish goes through Redis
 * only when the channel has a subscriber in another process, or when this process does not hold the
 * channel (it cannot know). A process that learns of a newcomer on a channel it held alone calls the
 * subscriptions' `onPeer`: what it did not send before is in what they republish. Messages coming
 * back from Redis to their sender are dropped by the sender's id, which prefixes each payload.
 *
 * On a Redis Cluster the channels are sharded (SPUBLISH, SSUBSCRIBE): a channel lives on the node
 * holding its slot, and a publish reaches that node's subscribers only, where plain pub/sub copies
 * every publish to every node. So the bus grows with the nodes. Every key it uses is one key per
 * command, and the alive keys are read one by one rather than with MGET (they are in many slots).
 */
export class RedisBus implements Bus {
  private readonly pub: RedisClient;
  private readonly sub: RedisClient;
  private readonly sharded: boolean;
  private readonly channels = new Map<string, HeldChannel>();
  private readonly id = randomBytes(ID_BYTES / 2).toString('hex');
  private readonly origin = Buffer.from(this.id);
  private readonly name = randomUUID();
  private readonly started: Promise<unknown>;
  private readonly aliveTimer: NodeJS.Timeout;
  private settling: NodeJS.Timeout | undefined;

  /** `prefix` namespaces every key and channel (config.redisPrefix: installs, and tests, side by side on one Redis). */
  constructor(target: RedisTarget, private readonly prefix: string) {
    // Auto-pipelining: the commands of one tick leave in one socket write, in the order they were made.
    this.sharded = isCluster(target);
    this.pub = connectRedis(target, { lazyConnect: false, maxRetriesPerRequest: null, enableAutoPipelining: true });
    // No ready check on the subscriber: its INFO can race a SUBSCRIBE issued while connecting and be
    // refused ("Connection in subscriber mode"), which makes ioredis reconnect (ioredis#2037).
    this.sub = connectRedis(target, { lazyConnect: false, maxRetriesPerRequest: null, enableReadyCheck: false, shardedSubscribers: this.sharded });
    this.sub.on(this.sharded ? 'smessageBuffer' : 'messageBuffer', (channel: Buffer, message: Buffer) => this.received(channel.toString().slice(this.prefix.length), message));
    this.followReconnections();
    this.started = Promise.all([this.listen(this.prefix + CONTROL), this.renew()]);
    this.aliveTimer = setInterval(() => void this.keepAlive().catch(() => undefined), ALIVE_EVERY_MS).unref();
  }

  async publish(channel: string, payload: Uint8Array, from?: string): Promise<void> {
    const held = this.channels.get(channel);
    deliverLocally(held?.subscriptions, payload, from);
    if (held?.known && held.remote.size === 0) return;
    const took = metrics.busPublish.startTimer();
    await this.send(this.prefix + channel, Buffer.concat([this.origin, payload]));
    took();
  }

  /**
   * The subscriber is added to the channel's Redis set, and announced, once the SUBSCRIBE is live: a
   * process that had not heard of it yet either published before that (what the caller reads after
   * subscribing, a room's log, has it) or republishes when the notice arrives.
   */
  async subscribe(channel: string, handler: BusHandler, subscriber = this.name, onPeer?: () => void): Promise<() => Promise<void>> {
    await this.started;
    let held = this.channels.get(channel);
    if (!held) {
      held = { subscriptions: new Set(), names: new Map(), remote: new Set(), live: this.listen(this.prefix + channel), known: false };
      this.channels.set(channel, held);
    }
    const subscription: Subscription = { name: subscriber, handler, onPeer };
    held.subscriptions.add(subscription);
    const count = (held.names.get(subscriber) ?? 0) + 1;
    held.names.set(subscriber, count);
    await held.live;
    if (count === 1) {
      const key = this.subscribersKey(channel);
      const [, [, members]] = (await this.pub.multi().sadd(key, this.member(subscriber)).smembers(key).exec()) as [unknown, [unknown, string[]]];
      const others = members.filter((member) => busOf(member) !== this.id);
      const alive = await this.alive(others);
      others.forEach((member) => (alive.has(busOf(member)) ? held.remote.add(member) : void this.pub.srem(key, member).catch(() => undefined)));
      held.known = true;
      void this.notify({ channel, member: this.member(subscriber), joined: true });
    }
    return () => this.unsubscribe(channel, held, subscription);
  }

  async ping(): Promise<void> {
    // A subscriber connection that dropped means no fan-out, even while publishing works. Without a
    // ready check (above) a live subscriber stays in 'connect'.
    if (this.sub.status !== 'ready' && this.sub.status !== 'connect') throw new Error(`Redis subscriber connection is ${this.sub.status}`);
    await this.pub.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.aliveTimer);
    clearTimeout(this.settling);
    const held = [...this.channels];
    this.channels.clear();
    const members = held.map(([channel, { names }]) => [channel, [...names.keys()].map((name) => this.member(name))] as const);
    await Promise.allSettled(members.filter(([, m]) => m.length > 0).map(([channel, m]) => this.pub.srem(this.subscribersKey(channel), ...m)));
    await Promise.allSettled(members.flatMap(([channel, m]) => m.map((member) => this.notify({ channel, member, joined: false }))));
    await Promise.allSettled([this.pub.del(this.aliveKey(this.id))]);
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  /**
   * A Redis restart or a Sentinel failover is a reconnection of both connections (ioredis
   * resubscribes the channels). Publishes made while the subscriber was away never arrive, and a
   * promoted replica may lack the last writes to the subscriber sets and alive keys: once the
   * subscriber is back, this process claims its place again in every channel's set, reads the
   * others', announces itself, and its subscribers republish what they hold (as for a newcomer).
   * A peer that hears the announcement of a subscriber it knew republishes likewise.
   */
  private followReconnections(): void {
    this.pub.on('reconnecting', () => metrics.busReconnects.inc({ connection: 'pub' }));
    let lost = false;
    const away = () => {
      metrics.busReconnects.inc({ connection: 'sub' });
      lost = true;
      clearTimeout(this.settling);
    };
    const back = () => {
      if (!lost) return;
      clearTimeout(this.settling);
      this.settling = setTimeout(() => {
        lost = false;
        void Promise.all([this.renew(), this.reclaimAll()]).catch(() => undefined);
      }, this.sharded ? SETTLE_MS : 0).unref();
    };
    // On a cluster, a failed node's subscriber connection is dropped and made again, every few
    // hundred milliseconds until its replica is promoted, each time followed by 'subscribersReady':
    // the channels are claimed again once that has been quiet for SETTLE_MS, not on each attempt
    // (each claim has every room republish its state).
    this.sub.on(this.sharded ? '-subscriber' : 'reconnecting', away);
    this.sub.on(this.sharded ? 'subscribersReady' : 'ready', back);
  }

  private reclaimAll(): Promise<unknown> {
    return Promise.all([...this.channels].map(([channel, held]) => this.reclaim(channel, held)));
  }

  private async reclaim(channel: string, held: HeldChannel): Promise<void> {
    const key = this.subscribersKey(channel);
    const own = [...held.names.keys()].map((name) => this.member(name));
    if (own.length === 0) return;
    const [, [, members]] = (await this.pub.multi().sadd(key, ...own).smembers(key).exec()) as [unknown, [unknown, string[]]];
    const others = members.filter((member) => busOf(member) !== this.id);
    const alive = await this.alive(others);
    others.forEach((member) => alive.has(busOf(member)) && held.remote.add(member));
    for (const member of own) void this.notify({ channel, member, joined: true });
    for (const { onPeer } of held.subscriptions) onPeer?.();
  }

  private async unsubscribe(channel: string, held: HeldChannel, subscription: Subscription): Promise<void> {
    if (!held.subscriptions.delete(subscription)) return;
    const left = (held.names.get(subscription.name) ?? 1) - 1;
    if (left > 0) return void held.names.set(subscription.name, left);
    held.names.delete(subscription.name);
    if (held.subscriptions.size === 0 && this.channels.get(channel) === held) {
      this.channels.delete(channel);
      await (this.sharded ? this.sub.sunsubscribe(this.prefix + channel) : this.sub.unsubscribe(this.prefix + channel));
    }
    const member = this.member(subscription.name);
    await this.pub.srem(this.subscribersKey(channel), member);
    await this.notify({ channel, member, joined: false });
  }

  /** A notice lost while Redis is away is made good by the reconnection's (followReconnections). */
  private notify(notice: PeerNotice): Promise<unknown> {
    return this.send(this.prefix + CONTROL, Buffer.from(JSON.stringify(notice))).catch(() => undefined);
  }

  private send(channel: string, message: Buffer): Promise<unknown> {
    return this.sharded ? this.pub.spublish(channel, message) : this.pub.publish(channel, message);
  }

  private listen(channel: string): Promise<unknown> {
    return this.sharded ? this.sub.ssubscribe(channel) : this.sub.subscribe(channel);
  }

  private received(channel: string, message: Buffer): void {
    if (channel === CONTROL) return this.heard(message);
    if (message.subarray(0, ID_BYTES).equals(this.origin)) return;
    const payload = message.subarray(ID_BYTES);
    for (const { handler } of this.channels.get(channel)?.subscriptions ?? []) handler(payload);
  }

  private heard(message: Buffer): void {
    let notice: PeerNotice;
    try {
      notice = JSON.parse(message.toString('utf8')) as PeerNotice;
    } catch {
      return;
    }
    const held = this.channels.get(notice.channel);
    if (!held || busOf(notice.member) === this.id) return;
    if (!notice.joined) return void held.remote.delete(notice.member);
    // Alone until now, or a peer back from a reconnection (it missed what was published meanwhile).
    const missed = held.remote.size === 0 || held.remote.has(notice.member);
    held.remote.add(notice.member);
    if (missed) for (const { onPeer } of held.subscriptions) onPeer?.();
  }

  /**
   * This process's alive key renewed, then the crashed processes forgotten. A key found gone (it
   * expired while Redis was away, or the promoted replica lacked it) means the others may have taken
   * this process for dead and stopped publishing to it: it claims its channels again, as after a
   * reconnection, and they hear it anew.
   */
  private async keepAlive(): Promise<void> {
    const before = await this.pub.set(this.aliveKey(this.id), '1', 'PX', 3 * ALIVE_EVERY_MS, 'GET');
    if (before === null) await this.reclaimAll();
    await this.forgetTheDead();
  }

  private renew(): Promise<unknown> {
    return this.pub.set(this.aliveKey(this.id), '1', 'PX', 3 * ALIVE_EVERY_MS);
  }

  /** The ids of the processes among `members`' whose alive key is there. */
  private async alive(members: string[]): Promise<Set<string>> {
    const buses = [...new Set(members.map(busOf))];
    if (buses.length === 0) return new Set();
    // One GET per key (auto-pipelined into one write per node): on a cluster the keys are in many slots.
    const keys = await Promise.all(buses.map((bus) => this.pub.get(this.aliveKey(bus))));
    return new Set(buses.filter((_, i) => keys[i] !== null));
  }

  /** Drops the subscribers of processes that stopped renewing their key (they crashed). */
  private async forgetTheDead(): Promise<void> {
    const remote = [...this.channels.values()].flatMap((held) => [...held.remote]);
    const alive = await this.alive(remote);
    for (const [channel, held] of this.channels) {
      for (const member of held.remote) {
        if (alive.has(busOf(member))) continue;
        held.remote.delete(member);
        void this.pub.srem(this.subscribersKey(channel), member).catch(() => undefined);
      }
    }
  }

  private member(name: string): string {
    return `${this.id}:${name}`;
  }

  private aliveKey(bus: string): string {
    return `${this.prefix}alive:${bus}`;
  }

  private subscribersKey(channel: string): string {
    return `${this.prefix}subscribers:${channel}`;
  }
}

export function createBus(redis: RedisTarget | undefined, prefix: string): Bus {
  return redis ? new RedisBus(redis, prefix) : new MemoryBus();
}
