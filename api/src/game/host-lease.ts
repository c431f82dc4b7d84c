/**
 * Which api process hosts a game (docs/architecture.md §6): embedded, always this one; scaled out,
 * the holder of the Redis lease `<prefix>game-host:<id>`, taken with SET NX by the first process to
 * get one of the game's sockets and renewed while it hosts. A process that dies stops renewing: its
 * leases expire, its games are found host-less, and the next games go to whoever takes them.
 */
import { connectRedis, type RedisClient, type RedisTarget } from '@volley/core';
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

/**
 * KEYS: the lease. ARGV: this process, the lease's life. Renews it if it is still ours (1), else 0.
 * One lease per call: on a Redis Cluster the leases are in many slots, and a script may touch one.
 */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** KEYS: the lease. ARGV: this process. Deletes it only if it is ours. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisLeases implements HostLeases {
  readonly self = newId();
  private readonly redis: RedisClient;
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
      // Auto-pipelined: the renewals leave in one write per node.
      for (const id of this.held) {
        (this.redis.eval(RENEW, 1, this.key(id), this.self, LEASE_MS) as Promise<number>).then(
          (renewed) => renewed === 0 && this.held.delete(id) && onLost(id),
          () => undefined,
        );
      }
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
