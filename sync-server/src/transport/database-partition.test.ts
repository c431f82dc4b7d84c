import { createTestDeps, startTcpProxy, type TcpProxy, type TestDeps } from '@volley/core/testing';
import { ConvDoc, newId, type OpAck } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, createChannel, createUser, disposeAll, opSocket, segment, startSyncServer, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

// A sync server whose PostgreSQL is behind a proxy the test cuts: the network between them
// partitioned, then healed. PostgreSQL only (the embedded database is in the process).
describe.skipIf(!process.env.DATABASE_URL)('a sync server cut off from its database', () => {
  let proxy: TcpProxy;
  let deps: TestDeps;
  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    deps = await createTestDeps({ DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    proxy?.heal();
    try {
      await disposeAll();
      await deps?.close();
    } finally {
      await proxy?.close();
    }
  });

  /**
   * Sends `ids` as a client does: each op under its id until it is answered, again on a new socket
   * after a retryable close (45xx). Resolves with every answer and the close codes met.
   */
  async function sendThrough(server: RunningSync, user: TestUser, convId: string, ids: string[]): Promise<{ acks: Map<string, OpAck>; answeredAt: number[]; closes: number[] }> {
    const acks = new Map<string, OpAck>();
    const answeredAt: number[] = [];
    const closes: number[] = [];
    while (acks.size < ids.length) {
      const socket = await opSocket(server, user, convId).catch(() => undefined);
      if (!socket) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      const gone = closed(socket.ws).then(({ code }) => code);
      const answered = Promise.all(ids.filter((id) => !acks.has(id)).map((id) => socket.send({ op: 'send', convId, body: id }, id).then((ack) => acks.set(id, ack) && answeredAt.push(Date.now()))));
      const code = await Promise.race([answered.then(() => undefined), gone]);
      if (code === undefined) {
        socket.ws.close();
        break;
      }
      closes.push(code);
      expect(code).toBeGreaterThanOrEqual(4500);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return { acks, answeredAt, closes };
  }

  for (const how of ['drop', 'reset'] as const) {
    it(`keeps ops sent while cut (${how}) unanswered or closes retryably, and stores each once when healed`, async () => {
      const server = await startSyncServer(deps);
      const [alice, bob] = [await createUser(deps), await createUser(deps)];
      const channel = await createChannel(deps, alice, bob);
      const reader = await segment(server, bob, channel);
      const before = [newId(), newId()];
      const { acks: first } = await sendThrough(server, alice, channel, before);
      expect([...first.values()].map((a) => a.status)).toEqual(['accepted', 'accepted']);

      proxy.cut(how);
      const during = [newId(), newId(), newId()];
      const sending = sendThrough(server, alice, channel, during);
      // Cut for longer than a statement's group-commit window and the first retries: no answer is a refusal.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const healedAt = Date.now();
      proxy.heal();
      const { acks, answeredAt } = await sending;

      // Nothing was answered while it could not be stored.
      expect(Math.min(...answeredAt)).toBeGreaterThanOrEqual(healedAt);
      expect([...acks.values()].map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted']);
      const seqs = [...acks.values()].map((a) => (a.status === 'accepted' ? a.seq : 0));
      expect(new Set(seqs).size).toBe(3);
      await waitFor(() => ConvDoc.messages(reader.doc).length === 5, 10_000);
      expect(ConvDoc.messages(reader.doc).toArray().map((m) => m.id).sort()).toEqual([...before, ...during].sort());
      const rows = await deps.db('messages').where('conversation_id', channel).select('id');
      expect(rows.map((r: { id: string }) => r.id).sort()).toEqual([...before, ...during].sort());
    }, 40_000);
  }
});
