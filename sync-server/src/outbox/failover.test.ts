import { Message as MessageRow, type Db } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { createChannel, createUser, disposeAll, opSocket, startSyncServer } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

/** The backends waiting for a lock that backend `pid` holds. */
async function blockedBy(db: Db, pid: number): Promise<number[]> {
  const { rows } = (await db.raw('select pid from pg_stat_activity where ? = any(pg_blocking_pids(pid))', [pid])) as { rows: { pid: number }[] };
  return rows.map((row) => row.pid);
}

async function waitUntil<T>(read: () => Promise<T>, holds: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// A connection ended under a statement is what a client of the primary sees when Patroni stops it
// (57P01) or it dies: the op in flight is done again on a new connection and lands once.
describe.skipIf(!process.env.DATABASE_URL)('an op whose database connection is ended mid-statement (a failover)', () => {
  it('is answered accepted on the same socket, once, and recorded once', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const sender = await opSocket(server, alice, channel);
    let closedWith: number | undefined;
    sender.ws.on('close', (code) => (closedWith = code));

    let release!: () => void;
    let holder!: number;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const locked = new Promise<void>((ready) => {
      // The conversation's row, held: the send's statement waits for it, in flight on its connection.
      void deps.db.transaction(async (trx) => {
        holder = ((await trx.raw('select pg_backend_pid() as pid')) as { rows: { pid: number }[] }).rows[0]!.pid;
        await trx.raw('select 1 from conversations where id = ? for update', [channel]);
        ready();
        await holding;
      });
    });
    await locked;

    const id = newId();
    const answer = sender.send({ op: 'send', convId: channel, body: 'through a failover' }, id);
    const [first] = await waitUntil(() => blockedBy(deps.db, holder), (pids) => pids.length > 0);
    await deps.db.raw('select pg_terminate_backend(?)', [first!]);
    // Done again on another connection, which waits for the row in turn.
    await waitUntil(() => blockedBy(deps.db, holder), (pids) => pids.length > 0 && !pids.includes(first!));
    release();

    expect(await answer).toEqual({ id, status: 'accepted', seq: 1 });
    expect(await MessageRow.query(deps.db).where({ conversation_id: channel }).select('id', 'body')).toEqual([{ id, body: 'through a failover' }]);
    expect(closedWith).toBeUndefined();
  });
});
