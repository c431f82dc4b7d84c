import { createTestDeps, hasRedisServer, portFor, startRedisCluster, type TestDeps, type TestRedisCluster } from '@volley/core/testing';
import { ConvDoc, convRoom } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel, createUser, disposeAll, opSocket, segment, startSyncServer, waitFor } from '../sync-server.testing.js';

// Both modes run side by side in CI: a range of ports each (the cluster bus takes each port + 10000).
const BASE = portFor(17100);

// Two sync servers, each with a bus of its own as two processes have, on a Redis Cluster of three
// primaries with a replica each: a room's channel is a sharded channel, served by one primary.
describe.skipIf(!hasRedisServer())('fan-out on a Redis Cluster', () => {
  let cluster: TestRedisCluster;
  let deps: TestDeps;
  beforeAll(async () => {
    cluster = await startRedisCluster({ base: BASE, masters: 3, nodeTimeoutMs: 2000 });
    deps = await createTestDeps({ REDIS_URL: undefined, REDIS_CLUSTER_NODES: cluster.nodesEnv });
  });
  afterAll(async () => {
    try {
      await disposeAll();
      await deps?.close();
    } finally {
      await cluster?.stop();
    }
  });

  it('carries a room across two sync servers, and again within seconds once the primary serving its channel is killed, losing no message', async () => {
    const a = await startSyncServer(deps);
    const b = await startSyncServer({ ...deps, bus: deps.otherProcessBus() });
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const sender = await opSocket(a, alice, channel);
    const reader = await segment(b, bob, channel);
    const arrivals = new Map<string, number>();
    ConvDoc.messages(reader.doc).observe(() => {
      for (const m of ConvDoc.messages(reader.doc).toArray()) if (!arrivals.has(m.body)) arrivals.set(m.body, Date.now());
    });

    const sent: { body: string; at: number }[] = [];
    const send = async () => {
      const body = `message ${sent.length}`;
      sent.push({ body, at: Date.now() });
      const outcome = await sender.send({ op: 'send', convId: channel, body });
      expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'accepted' });
    };
    for (let i = 0; i < 5; i++) await send();
    await waitFor(() => arrivals.size === 5);

    const victim = cluster.primaryOf(`${deps.config.redisPrefix}room:${convRoom(channel, 0)}`);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    // Sent on through the failover, one every 250 ms, until one sent after the kill has reached the
    // reader: within the account's op rate (5 a second), which a faster pace would exhaust on a
    // failover that takes a few seconds, refusing a send `rate_limited`.
    const firstAfter = () => sent.find((s) => s.at > killedAt && arrivals.has(s.body));
    while (!firstAfter() && Date.now() - killedAt < 15_000) {
      await send();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const resumedMs = arrivals.get(firstAfter()?.body ?? '') ?? Number.POSITIVE_INFINITY;
    expect(resumedMs - killedAt).toBeLessThan(10_000);
    for (let i = 0; i < 5; i++) await send();

    // Every acknowledged message reaches the reader on the other sync server, once each.
    await waitFor(() => arrivals.size === sent.length, 10_000);
    const bodies = ConvDoc.messages(reader.doc).toArray().map((m) => m.body);
    expect(bodies.sort()).toEqual(sent.map((s) => s.body).sort());
    await cluster.healthy();
  }, 45_000);
});
