import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Block, Game, User, type AccessClaims } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId, type QueueServerFrame } from '@volley/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMatchmaking, type Matchmaking, type MatchmakingOptions } from './index.js';

/** A queue socket's side: the frames it got, and whether the server ended it. */
class Client {
  frames: QueueServerFrame[] = [];
  ended = false;
  send(frame: QueueServerFrame) {
    this.frames.push(frame);
  }
  end() {
    this.ended = true;
  }
  get matched() {
    return this.frames.filter((f) => f.t === 'matched');
  }
}

const deps = await testDeps();
const running: Matchmaking[] = [];
afterEach(async () => {
  for (const queue of running.splice(0)) await queue.close();
});

/** A queue of its own (its own Redis keys when on Redis), or another instance over the same keys. */
function queue(options: MatchmakingOptions = {}, keyPrefix = `volley-test-${randomBytes(4).toString('hex')}:mm:`): Matchmaking & { keyPrefix: string } {
  const made = createMatchmaking(deps, { passEveryMs: 50, keyPrefix, ...options });
  running.push(made);
  return Object.assign(made, { keyPrefix });
}

async function player(rating: number): Promise<AccessClaims> {
  const id = newId();
  const username = `p_${id.slice(-10).toLowerCase()}`;
  await User.query(deps.db).insert({ id, username, email: `${username}@example.test`, displayName: username, passwordHash: 'x', rating });
  return { userId: id, username } as AccessClaims;
}

function join(q: Matchmaking, user: AccessClaims) {
  const client = new Client();
  const leave = q.join(user, client);
  return Object.assign(client, { leave, user });
}

const matchedOf = (client: Client) => vi.waitFor(() => {
  const [matched] = client.matched;
  if (!matched) throw new Error('not matched yet');
  return matched as Extract<QueueServerFrame, { t: 'matched' }>;
}, { timeout: 5000, interval: 20 });

const queuedOf = (client: Client) => vi.waitFor(() => {
  if (!client.frames.some((f) => f.t === 'queued')) throw new Error('not queued yet');
}, { timeout: 5000, interval: 20 });

describe('ranked matchmaking', () => {
  it('matches two queued players of close rating into one ranked game with the default settings', async () => {
    const q = queue();
    const [alice, bob] = [join(q, await player(1000)), join(q, await player(1030))];
    const [a, b] = [await matchedOf(alice), await matchedOf(bob)];
    expect(a.gameId).toBe(b.gameId);
    expect(a.opponent).toMatchObject({ id: bob.user.userId, rating: 1030 });
    expect(b.opponent).toMatchObject({ id: alice.user.userId, rating: 1000 });
    expect(alice.frames[0]).toEqual({ t: 'queued', rating: 1000, window: 50, waitedMs: 0 });
    expect(alice.ended && bob.ended).toBe(true);
    const game = await Game.query(deps.db).findById(a.gameId);
    expect(game).toMatchObject({ status: 'ready', ranked: true, conversationId: null, settings: { ballSpeed: 'normal', paddleSize: 'normal', scoreLimit: 11 } });
    expect([game!.leftId, game!.rightId].sort()).toEqual([alice.user.userId, bob.user.userId].sort());
  });

  it('matches far ratings only once both windows have widened to the gap, telling each player as it widens', async () => {
    const q = queue({ window: { start: 50, widenBy: 50, widenEveryMs: 100, max: 500 } });
    const [low, high] = [join(q, await player(1000)), join(q, await player(1300))];
    const [a] = [await matchedOf(low), await matchedOf(high)];
    expect(a.opponent.id).toBe(high.user.userId);
    for (const client of [low, high]) {
      const windows = client.frames.flatMap((f) => (f.t === 'queued' ? [f.window] : []));
      expect(windows[0]).toBe(50);
      expect(windows).toEqual([...windows].sort((x, y) => x - y));
      // Not matched while the window was narrower than the 300 points between them.
      expect(windows.at(-1)).toBeGreaterThanOrEqual(300);
      expect(windows.filter((w) => w < 300).length).toBeGreaterThan(0);
    }
  });

  it('never matches a player who cancelled', async () => {
    const q = queue();
    const gone = join(q, await player(1000));
    await queuedOf(gone);
    gone.leave();
    const [bob, carol] = [join(q, await player(1000)), join(q, await player(1000))];
    expect((await matchedOf(bob)).opponent.id).toBe(carol.user.userId);
    expect(gone.matched).toEqual([]);
  });

  it('never matches two players who block each other, nor a player with their own other tab', async () => {
    const q = queue();
    const [alice, bob] = [await player(1000), await player(1010)];
    await Block.query(deps.db).insert({ blockerId: bob.userId, blockedId: alice.userId });
    const firstTab = join(q, alice);
    await queuedOf(firstTab);
    const secondTab = join(q, alice);
    const bobs = join(q, bob);
    await vi.waitFor(() => expect(firstTab.ended).toBe(true));
    const carol = join(q, await player(1040));
    const dave = join(q, await player(1010));
    const matches = await Promise.all([matchedOf(secondTab), matchedOf(bobs), matchedOf(carol), matchedOf(dave)]);
    expect(matches[0].opponent.id).not.toBe(bob.userId);
    expect(matches[1].opponent.id).not.toBe(alice.userId);
    expect(firstTab.matched).toEqual([]);
    expect(new Set(matches.map((m) => m.gameId)).size).toBe(2);
  });

  it.runIf(process.env.REDIS_URL)('drops the players of an instance that stopped, rather than match someone with them', async () => {
    const q = queue();
    const ghost = await player(1000);
    const redis = new Redis(process.env.REDIS_URL!);
    const entry = { userId: ghost.userId, ticket: newId(), rating: 1000, joinedAt: Date.now() - 1000, instance: 'gone' };
    await redis.multi().hset(`{${q.keyPrefix}}entries`, ghost.userId, JSON.stringify(entry)).zadd(`{${q.keyPrefix}}ratings`, 1000, ghost.userId).exec();
    const alice = join(q, await player(1000));
    await vi.waitFor(async () => expect(await redis.hexists(`{${q.keyPrefix}}entries`, ghost.userId)).toBe(0));
    const bob = join(q, await player(1000));
    expect((await matchedOf(alice)).opponent.id).toBe(bob.user.userId);
    await redis.quit();
  });

  it.runIf(process.env.REDIS_URL)('matches each player once across two instances sharing the Redis queue', async () => {
    const one = queue();
    const two = queue({}, one.keyPrefix);
    const players = [];
    for (let i = 0; i < 12; i++) players.push(await player(1000 + i));
    // All queued at once: both instances' passes see everyone, and race for the same pairs.
    const clients = players.map((user, i) => join(i % 2 ? two : one, user));
    const matches = await Promise.all(clients.map(matchedOf));
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const client of clients) expect(client.matched).toHaveLength(1);
    const ids = clients.map((c) => c.user.userId);
    const games = await Game.query(deps.db).whereIn('left_id', ids).orWhereIn('right_id', ids);
    expect(games.map((g) => g.id).sort()).toEqual([...new Set(matches.map((m) => m.gameId))].sort());
    const seated = games.flatMap((g) => [g.leftId, g.rightId]).sort();
    expect(seated).toEqual(ids.sort());
  });
});
