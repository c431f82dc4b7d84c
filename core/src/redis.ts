/**
 * Where Volley's Redis is, and the one way every part connects to it (the bus, throttles, game
 * leases, matchmaking). One Redis at a URL, a primary that Redis Sentinel names, or a Redis Cluster:
 * ioredis asks the sentinels for the primary (or the cluster for its slots), and again after each
 * disconnection, so that a failover is a reconnection (docs/operations.md, "Running the cluster").
 */
import { Cluster, Redis, type RedisOptions } from 'ioredis';

export interface HostPort {
  host: string;
  port: number;
}

export interface SentinelTarget {
  /** The sentinels to ask (any one that answers will do). */
  sentinels: HostPort[];
  /** The monitored primary's name (`sentinel monitor <name> …`). */
  name: string;
}

export interface ClusterTarget {
  /** Some of the cluster's nodes (any one that answers tells where the others are). */
  cluster: HostPort[];
}

/** A Redis URL (`redis://host:6379/0`), a primary found through Sentinel, or a Redis Cluster. */
export type RedisTarget = string | SentinelTarget | ClusterTarget;

/** A connection to one Redis or to a cluster: the commands Volley uses are the same on both. */
export type RedisClient = Redis | Cluster;

export const isCluster = (target: RedisTarget): target is ClusterTarget => typeof target !== 'string' && 'cluster' in target;

/**
 * A connection through Sentinel that opens again when ioredis ends it without Volley having closed it
 * (`quit()`, `disconnect()`). ioredis ends it for good, every command then failing with "Connection is
 * closed.", when a sentinel's +switch-master reaches the failover detector of the connection to the
 * lost primary while the reconnection is asking a sentinel where the primary is (the slower the
 * sentinels answer, the likelier): the detector closes the connector, the pending connect fails, and
 * ioredis does not retry a connect that failed (redis/ioredis#1683). The commands waiting for the
 * connection then fail once, as any command does while Redis is away; the next ones wait for it again.
 */
class ReopeningRedis extends Redis {
  private closedByVolley = false;

  constructor(options: RedisOptions) {
    super(options);
    this.on('end', () => {
      if (!this.closedByVolley) this.connect().catch(() => undefined);
    });
  }

  override disconnect(reconnect = false): void {
    this.closedByVolley ||= !reconnect;
    super.disconnect(reconnect);
  }

  // QUIT ends the connection without going through disconnect() when it reaches Redis.
  override sendCommand(...args: Parameters<Redis['sendCommand']>): unknown {
    if (args[0].name === 'quit') this.closedByVolley = true;
    return super.sendCommand(...args);
  }
}

export function connectRedis(target: RedisTarget, options: RedisOptions & { shardedSubscribers?: boolean } = {}): RedisClient {
  const { shardedSubscribers, ...redisOptions } = options;
  const redis = isCluster(target)
    ? // Keys and sharded channels go to the node holding their slot; `shardedSubscribers` keeps one
      // subscriber connection per primary, moved to the promoted replica after a failover.
      new Cluster(target.cluster, { redisOptions, shardedSubscribers: shardedSubscribers ?? false, enableAutoPipelining: redisOptions.enableAutoPipelining ?? false, lazyConnect: redisOptions.lazyConnect ?? false })
    : typeof target === 'string'
      ? new Redis(target, redisOptions)
      : // `failoverDetector`: a sentinel's +switch-master closes the connection to the old primary at
        // once, rather than when a command to it fails (a demoted primary still answers reads).
        new ReopeningRedis({ ...redisOptions, sentinels: target.sentinels, name: target.name, failoverDetector: true });
  // While Redis is away each connection attempt fails with an error event; without a listener
  // ioredis writes every one to the console. What a caller needs to know reaches it as its
  // command's failure; the process's readiness (/readyz) and volley_bus_reconnects_total show the rest.
  redis.on('error', () => undefined);
  return redis;
}

/** `host:port,host:port` (sentinels, cluster nodes); undefined when one is not `host:port`. */
export function parseHostPorts(text: string): HostPort[] | undefined {
  const nodes = text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => /^([\w.-]+|\[[\da-fA-F:]+\]):(\d{1,5})$/.exec(s));
  if (nodes.length === 0 || nodes.some((m) => !m || Number(m[2]) < 1 || Number(m[2]) > 65535)) return undefined;
  return nodes.map((m) => ({ host: m![1]!.replace(/^\[|\]$/g, ''), port: Number(m![2]) }));
}
