/**
 * Ranked matchmaking (docs/architecture.md §6): a queue by Elo rating whose window widens with waiting time.
 * Players wait on the `/game/queue` socket (api/src/game/); a matcher pass runs every few hundred
 * ms on every api instance holding one of their sockets. The queue is in memory embedded and in Redis when scaled out, where a
 * pair is taken out atomically (queue-store.ts), so two instances never match one player twice;
 * the instance holding a matched player's socket hears of it on the bus.
 */
import { Block, createReadyGame, forCategory, User, type AccessClaims, type Db, type Logger } from '@volley/core';
import { DEFAULT_GAME_SETTINGS, newId, type GamePlayer, type QueueServerFrame } from '@volley/shared';
import { z } from 'zod';
import type { ApiDeps } from '../context.js';
import { DEFAULT_WINDOW, pairUp, windowAfter, type QueueEntry, type WindowRule } from './pairing.js';
import { MemoryQueue, RedisQueue, type QueueStore } from './queue-store.js';

export interface QueueClient {
  send(frame: QueueServerFrame): void;
  end(): void;
}

export interface Matchmaking {
  /** Queues the user; the returned function cancels (and does nothing once matched). */
  join(user: AccessClaims, client: QueueClient): () => void;
  close(): Promise<void>;
}

export interface MatchmakingOptions {
  window?: Partial<WindowRule>;
  passEveryMs?: number;
  /** Namespaces the Redis keys (tests share one Redis). */
  keyPrefix?: string;
}

const PASS_EVERY_MS = 300;
const CHANNEL = 'matchmaking';
const Matched = z.object({
  ticket: z.string(),
  gameId: z.string(),
  opponent: z.object({ id: z.string(), username: z.string(), displayName: z.string(), rating: z.number().int() }),
});

interface Waiting {
  entry: QueueEntry;
  client: QueueClient;
  /** The window the client was last told of. */
  window: number;
  /** Settles once the entry is in the store: a leave removes it after that. */
  stored: Promise<void>;
}

export function createMatchmaking(deps: ApiDeps, options: MatchmakingOptions = {}): Matchmaking {
  const store: QueueStore = deps.config.redis ? new RedisQueue(deps.config.redis, options.keyPrefix ?? `${deps.config.redisPrefix}matchmaking:`) : new MemoryQueue();
  return new RatingQueue(deps, store, { ...DEFAULT_WINDOW, ...options.window }, options.passEveryMs ?? PASS_EVERY_MS);
}

class RatingQueue implements Matchmaking {
  /** The players whose sockets this instance holds, by ticket. */
  private readonly waiting = new Map<string, Waiting>();
  private readonly log: Logger;
  private readonly db: Db;
  private readonly timer: NodeJS.Timeout;
  private readonly subscribed: Promise<() => Promise<void>>;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: ApiDeps,
    private readonly store: QueueStore,
    private readonly rule: WindowRule,
    passEveryMs: number,
  ) {
    this.log = forCategory(deps.logger, 'game', { part: 'matchmaking' });
    this.db = deps.db;
    this.subscribed = deps.bus.subscribe(CHANNEL, (payload) => this.heard(payload));
    this.subscribed.catch((err: unknown) => this.log.error({ err }, 'subscribing to matches failed'));
    this.timer = setInterval(() => {
      // An instance holding no one's socket has no one to pair or tell: the instances that do pass
      // (an entry of one that died is dropped by the next of their reads), and an idle process
      // reads nothing.
      if (this.waiting.size === 0) return;
      this.pass = this.pass.then(() => this.matchPass()).catch((err: unknown) => this.log.error({ err }, 'matcher pass failed'));
    }, passEveryMs);
    this.timer.unref();
  }

  join(user: AccessClaims, client: QueueClient): () => void {
    const ticket = newId();
    let cancelled = false;
    this.enter(user.userId, ticket, client, () => cancelled).catch((err: unknown) => {
      this.log.error({ userId: user.userId, err }, 'queueing failed');
      client.end();
    });
    return () => {
      cancelled = true;
      const held = this.waiting.get(ticket);
      if (!held) return;
      this.waiting.delete(ticket);
      held.stored.then(() => this.store.remove(held.entry)).catch((err: unknown) => this.log.warn({ err }, 'leaving the queue failed'));
    };
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
    await this.subscribed.then((unsubscribe) => unsubscribe(), () => undefined);
    const leaving = [...this.waiting.values()].map((held) => held.stored.then(() => this.store.remove(held.entry)));
    this.waiting.clear();
    await Promise.allSettled(leaving);
    await this.store.close();
  }

  private async enter(userId: string, ticket: string, client: QueueClient, cancelled: () => boolean): Promise<void> {
    const user = await User.query(this.db).findById(userId).select('rating');
    if (!user || cancelled()) return client.end();
    // A second tab takes the first one's place.
    for (const [other, held] of this.waiting) {
      if (held.entry.userId !== userId) continue;
      this.waiting.delete(other);
      held.client.end();
    }
    const entry: QueueEntry = { userId, ticket, rating: user.rating, joinedAt: Date.now() };
    const stored = this.store.add(entry);
    const window = windowAfter(this.rule, 0);
    this.waiting.set(ticket, { entry, client, window, stored });
    await stored;
    client.send({ t: 'queued', rating: entry.rating, window, waitedMs: 0 });
  }

  private async matchPass(): Promise<void> {
    const entries = await this.store.entries();
    const now = Date.now();
    this.tellWaiting(entries, now);
    if (entries.length < 2) return;
    const blocked = await this.blocksAmong(entries.map((e) => e.userId));
    for (const [a, b] of pairUp(entries, now, this.rule, (x, y) => blocked.has(`${x}:${y}`))) await this.match(a, b);
  }

  /**
   * Widened windows to the players here; a player whose entry another tab (on another instance)
   * replaced is let go. Only by a newer entry (tickets are ULIDs, in time order): `entries` may
   * predate this socket and still hold the entry of the tab it replaced, whose removal is on its way.
   */
  private tellWaiting(entries: QueueEntry[], now: number): void {
    const byUser = new Map(entries.map((e) => [e.userId, e]));
    for (const [ticket, held] of this.waiting) {
      const current = byUser.get(held.entry.userId);
      if (current && current.ticket > ticket) {
        this.waiting.delete(ticket);
        held.client.end();
        continue;
      }
      const waitedMs = now - held.entry.joinedAt;
      const window = windowAfter(this.rule, waitedMs);
      if (window === held.window) continue;
      held.window = window;
      held.client.send({ t: 'queued', rating: held.entry.rating, window, waitedMs });
    }
  }

  /** Blocks between queued players, as `blocker:blocked` and `blocked:blocker`. */
  private async blocksAmong(userIds: string[]): Promise<Set<string>> {
    const rows = await Block.query(this.db).whereIn('blocker_id', userIds).whereIn('blocked_id', userIds).select('blocker_id', 'blocked_id');
    return new Set(rows.flatMap((row) => [`${row.blockerId}:${row.blockedId}`, `${row.blockedId}:${row.blockerId}`]));
  }

  private async match(a: QueueEntry, b: QueueEntry): Promise<void> {
    if (!(await this.store.take(a, b))) return;
    try {
      const game = await createReadyGame(this.db, { leftId: a.userId, rightId: b.userId, settings: DEFAULT_GAME_SETTINGS, ranked: true });
      const users = await User.query(this.db).findByIds([a.userId, b.userId]);
      const player = (id: string): GamePlayer => {
        const user = users.find((u) => u.id === id)!;
        return { ...user.toPublic(), rating: user.rating };
      };
      this.log.info({ gameId: game.id, players: [a.userId, b.userId] }, 'matched');
      await Promise.all([
        this.deps.bus.publish(CHANNEL, Buffer.from(JSON.stringify({ ticket: a.ticket, gameId: game.id, opponent: player(b.userId) }))),
        this.deps.bus.publish(CHANNEL, Buffer.from(JSON.stringify({ ticket: b.ticket, gameId: game.id, opponent: player(a.userId) }))),
      ]);
    } catch (err) {
      // Back in the queue, where they were: the next pass tries again.
      this.log.error({ err, players: [a.userId, b.userId] }, 'making the matched game failed');
      await Promise.all([this.store.add(a), this.store.add(b)]);
    }
  }

  /** A match of a player whose socket may be here. */
  private heard(payload: Buffer): void {
    let matched: z.infer<typeof Matched>;
    try {
      matched = Matched.parse(JSON.parse(payload.toString('utf8')));
    } catch (err) {
      return this.log.warn({ err }, 'dropped a malformed match');
    }
    const held = this.waiting.get(matched.ticket);
    if (!held) return;
    this.waiting.delete(matched.ticket);
    held.client.send({ t: 'matched', gameId: matched.gameId, opponent: matched.opponent });
    held.client.end();
  }
}
