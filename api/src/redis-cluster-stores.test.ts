import { randomBytes } from 'node:crypto';
import { hasRedisServer, portFor, startRedisCluster, type TestRedisCluster } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MS, RedisLeases } from './game/host-lease.js';
import { RedisQueue } from './matchmaking/queue-store.js';
import { Throttle } from './throttles/throttle.js';
import { connectRedis, type ClusterTarget } from '@volley/core';

// Both modes run side by side in CI: a range of ports each (the cluster bus takes each port + 10000).
const BASE = portFor(17140);

// What the api keeps in Redis, on a Redis Cluster: every command and script must stay within one slot.
describe.skipIf(!hasRedisServer())('the api’s Redis state on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let target: ClusterTarget;
  const prefix = () => `volley-test-${randomBytes(4).toString('hex')}:`;
  beforeAll(async () => {
    cluster = await startRedisCluster({ base: BASE, masters: 3 });
    target = { cluster: cluster.nodes.map(({ host, port }) => ({ host, port })) };
  });
  afterAll(() => cluster?.stop());

  it('queues players and pairs each pair once, across two api processes', async () => {
    const key = `${prefix()}matchmaking:`;
    const [here, there] = [new RedisQueue(target, key), new RedisQueue(target, key)];
    const entry = (rating: number) => ({ userId: newId(), ticket: newId(), rating, joinedAt: Date.now() });
    const [a, b] = [entry(1000), entry(1010)];
    await here.add(a);
    await there.add(b);
    expect((await here.entries()).map((e) => e.userId).sort()).toEqual([a.userId, b.userId].sort());
    expect(await here.take(a, b)).toBe(true);
    expect(await there.take(a, b)).toBe(false);
    expect(await there.entries()).toEqual([]);
    await Promise.all([here.close(), there.close()]);
  });

  it('keeps a game’s host lease renewed past its life, and tells its holder when it is lost', async () => {
    const lost: string[] = [];
    const key = prefix();
    const [host, other] = [new RedisLeases(target, key, (id) => lost.push(id)), new RedisLeases(target, key, () => undefined)];
    const games = [newId(), newId(), newId()];
    for (const game of games) expect(await host.claim(game)).toBe(true);
    expect(await other.claim(games[0]!)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 1000));
    expect(await Promise.all(games.map((g) => other.holder(g)))).toEqual(games.map(() => host.self));

    const redis = connectRedis(target);
    await redis.del(`${key}game-host:${games[1]}`);
    await expect.poll(() => lost, { timeout: 3000 }).toEqual([games[1]]);
    await redis.quit();
    await Promise.all([host.close(), other.close()]);
  });

  it('counts a throttle’s attempts across processes', async () => {
    const store = { redis: connectRedis(target), prefix: prefix() };
    const [one, two] = [new Throttle('login', { perSecond: 0.1, burst: 2 }, store), new Throttle('login', { perSecond: 0.1, burst: 2 }, store)];
    await one.charge('alice');
    await two.charge('alice');
    await expect(one.charge('alice')).rejects.toMatchObject({ code: 'rate_limited' });
    await store.redis.quit();
  });
});
