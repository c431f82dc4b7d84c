/**
 * Which api process hosts a game (docs/architecture.md §6): embedded, always this one; scaled out,
 * the holder of the Redis lease `<prefix>game-host:<id>`, taken with SET NX by the first process to
 * get one of the game's sockets and renewed while it hosts. A process that dies stops renewing: its
 * leases expire, its games are found host-less, and the next games go to whoever takes them.
 */
import type { Redis } from 'ioredis';
import { connectRedis, type RedisTarget } from '@volley/core';
import { newId } from '@volley/shared';

export interface HostLeases {
  /** This process's name in the leases it holds. */
  readonly self: string;
  /** Takes the game's lease for this process: true if it now hosts it, false if another process does. */
  claim(gameId: string): Promise<boolean>;
  /** The process holding the game's lease, or null: nobody hosts it (its host died, or it ended). */
  holder(gameId: string): Promise<string | null>;
  /** Gives the lease up (the game is done with here). */
  release(gameId: string): Promise<void>;
  close(): Promise<void>;
}

/** One process, every game here. */
export class LocalLeases implements HostLeases {
  readonly self = 'local';
  async claim(): Promise<boolean> {
    return true;
  }
  async holder(): Promise<string | null> {
    return this.self;
  }
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * A lease lives LEASE_MS and is renewed every RENEW_MS: a host stalled for more than two seconds
 * loses its games; a dead host's players hear of it within LEASE_MS + the relays' check (< 3.5 s).
 * At 1.2 s, a process on a busy machine (a 2-core host at a load of 15) stalled past it in ordinary
 * play and called its games off.
 */
export const LEASE_MS = 3000;
const RENEW_MS = 1000;

/** KEYS: lease keys. ARGV: this process, the lease's life. Renews the leases still ours; returns those lost. */
const RENEW = `
local lost = {}
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('PEXPIRE', key, ARGV[2]) else table.insert(lost, key) end
end
return lost`;
/** KEYS: the lease. ARGV: this process. Deletes it only if it is ours. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLeases implements HostLeases {
  readonly self = newId();
  private readonly redis: Redis;
  private readonly held = new Set<string>();
  private readonly renewer: NodeJS.Timeout;

  /** `onLost`: a lease this process held was found taken or gone (a stall longer than LEASE_MS). */
  constructor(
    target: RedisTarget,
    private readonly prefix: string,
    onLost: (gameId: string) => void,
  ) {
    this.redis = connectRedis(target, { maxRetriesPerRequest: null, enableAutoPipelining: true });
    this.renewer = setInterval(() => {
      if (this.held.size === 0) return;
      const keys = [...this.held].map((id) => this.key(id));
      (this.redis.eval(RENEW, keys.length, ...keys, this.self, LEASE_MS) as Promise<string[]>).then(
        (lost) => lost.map((key) => key.slice(this.key('').length)).filter((id) => this.held.delete(id)).forEach(onLost),
        () => undefined,
      );
    }, RENEW_MS);
    this.renewer.unref();
  }

  async claim(gameId: string): Promise<boolean> {
    const taken = (await this.redis.set(this.key(gameId), this.self, 'PX', LEASE_MS, 'NX')) === 'OK';
    if (taken) this.held.add(gameId);
    return taken;
  }

  holder(gameId: string): Promise<string | null> {
    return this.redis.get(this.key(gameId));
  }

  async release(gameId: string): Promise<void> {
    this.held.delete(gameId);
    await this.redis.eval(RELEASE, 1, this.key(gameId), this.self);
  }

  async close(): Promise<void> {
    clearInterval(this.renewer);
    await Promise.allSettled([...this.held].map((id) => this.release(id)));
    await this.redis.quit().catch(() => undefined);
  }

  private key(gameId: string): string {
    return `${this.prefix}game-host:${gameId}`;
  }
}
