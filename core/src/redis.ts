/**
 * Where Volley's Redis is, and the one way every part connects to it (the bus, throttles, game
 * leases, matchmaking). One Redis at a URL, or a primary that Redis Sentinel names: ioredis asks the
 * sentinels for the primary, and again after each disconnection, so that a Sentinel failover is a
 * reconnection (docs/operations.md, "Running the cluster").
 */
import { Redis, type RedisOptions } from 'ioredis';

export interface SentinelTarget {
  /** The sentinels to ask (any one that answers will do). */
  sentinels: { host: string; port: number }[];
  /** The monitored primary's name (`sentinel monitor <name> …`). */
  name: string;
}

/** A Redis URL (`redis://host:6379/0`), or a primary found through Sentinel. */
export type RedisTarget = string | SentinelTarget;

export function connectRedis(target: RedisTarget, options: RedisOptions = {}): Redis {
  // `failoverDetector`: a sentinel's +switch-master closes the connection to the old primary at
  // once, rather than when a command to it fails (a demoted primary still answers reads).
  const redis = typeof target === 'string' ? new Redis(target, options) : new Redis({ ...options, sentinels: target.sentinels, name: target.name, failoverDetector: true });
  // While Redis is away each connection attempt fails with an error event; without a listener
  // ioredis writes every one to the console. What a caller needs to know reaches it as its
  // command's failure; the process's readiness (/readyz) and volley_bus_reconnects_total show the rest.
  redis.on('error', () => undefined);
  return redis;
}

/** `host:port,host:port` as sentinels; undefined when one is not `host:port`. */
export function parseSentinels(text: string): SentinelTarget['sentinels'] | undefined {
  const sentinels = text.split(',').map((s) => s.trim()).filter(Boolean).map((s) => /^([\w.-]+|\[[\da-fA-F:]+\]):(\d{1,5})$/.exec(s));
  if (sentinels.length === 0 || sentinels.some((m) => !m || Number(m[2]) < 1 || Number(m[2]) > 65535)) return undefined;
  return sentinels.map((m) => ({ host: m![1]!.replace(/^\[|\]$/g, ''), port: Number(m![2]) }));
}
