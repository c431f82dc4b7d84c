/**
 * What the database alone costs the server's process per message: the statement a tick of the sync
 * server issues (`tick_writes`, migration 028: the update log's appends and the plain sends), run
 * with nothing else in the process, against the CPU per message of the reference y-websocket server
 * (BENCHMARKS.md, measured by `sync-latency.ts` in its own run). On PGlite (the embedded default),
 * or with `DATABASE_URL` on PostgreSQL, where the figure is the client's side of the statement
 * (encoding it, the socket, reading the answer), as the server's CPU is measured.
 *
 *   npx tsx bench/db-floor.ts [--messages 3000]
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/db-floor.ts
 *
 * Per message, as in `sync-latency.ts` at full scale: one send (a member of a 10-member channel,
 * among 100) and three update rows of 120 bytes (the author's outbox write, the segment's append,
 * the outcome). Rows are grouped k sends to a statement (the server's ticks hold ~1 at 200
 * messages/s). Printed: process CPU per message for each k, then the same with the schema
 * stripped of what a message's row costs beyond its insert (the search column and its index, the
 * `sent_from` trigger, the foreign keys): the floor no change to those could go below. And, for
 * scale, an empty statement (`select 1`). PGlite keeps its data in a temporary directory, as the
 * embedded server keeps it in `./data/`; on PostgreSQL each schema is one of the run's own, dropped
 * at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDb, migrate, runPrepared, TICK_WRITES, type Db } from '@volley/core';
import { newId } from '@volley/shared';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '3000' } } });
const messages = Number(values.messages);

const SELECT_1 = { name: 'select_1', text: 'select 1' };

const databaseUrl = process.env.DATABASE_URL;

/** A fresh, migrated database of the run's own; `drop()` removes it. */
async function fresh(): Promise<{ db: Db; drop(): Promise<void> }> {
  if (databaseUrl) {
    const schema = `bench_floor_${newId().toLowerCase()}`;
    const db = await connectDb({ databaseUrl, schema });
    return {
      db,
      drop: async () => {
        await db.raw('drop schema ?? cascade', [schema]).finally(() => db.destroy());
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-bench-pglite-'));
  const db = await connectDb({ dataDir });
  return {
    db,
    drop: async () => {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function seeded(db: Db): Promise<{ users: string[]; convs: string[] }> {
  await migrate(db);
  const users = Array.from({ length: 1000 }, () => newId());
  const convs = Array.from({ length: 100 }, () => newId());
  await db('users').insert(users.map((id, i) => ({ id, username: `u${i}`, email: `u${i}@example.com`, display_name: `U${i}`, password_hash: 'x' })));
  await db('conversations').insert(convs.map((id, c) => ({ id, kind: 'channel', name: `c${c}` })));
  await db('conversation_members').insert(users.map((id, i) => ({ conversation_id: convs[Math.floor(i / 10)]!, user_id: id })));
  return { users, convs };
}

/** CPU of the process per message, `k` messages to a statement. */
async function perMessage(db: Db, users: string[], convs: string[], k: number): Promise<number> {
  const update = new Uint8Array(120);
  const body = 'a message of a modest length, as people write in a channel: 0123456789';
  const tick = async () => {
    const rooms: string[] = [];
    // The last three: no segment update built ahead.
    const sends: unknown[][] = [[], [], [], [], [], [], [], [], [], [], []];
    for (let j = 0; j < k; j++) {
      const u = Math.floor(Math.random() * users.length);
      const row = [newId(), convs[Math.floor(u / 10)], users[u], body, 'text', new Date(), 1000, '127.0.0.1', null, null, null];
      row.forEach((value, column) => sends[column]!.push(value));
      rooms.push(`user.${users[u]}`, `conv.${row[1]}.0`, `user.${users[u]}`);
    }
    await runPrepared(db, TICK_WRITES, [rooms, rooms.map(() => update), ...sends]);
  };
  for (let i = 0; i < 200; i++) await tick();
  const before = process.cpuUsage();
  for (let i = 0; i < messages / k; i++) await tick();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / messages;
}

async function emptyStatement(db: Db): Promise<number> {
  for (let i = 0; i < 200; i++) await runPrepared(db, SELECT_1, []);
  const before = process.cpuUsage();
  for (let i = 0; i < messages; i++) await runPrepared(db, SELECT_1, []);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / messages;
}

const rows: string[] = [];
for (const stripped of [false, true]) {
  const { db, drop } = await fresh();
  const { users, convs } = await seeded(db);
  if (stripped) {
    await db.raw('drop trigger messages_sent_from on messages');
    await db.raw('alter table messages drop column search');
    await db.raw('alter table messages drop constraint messages_conversation_id_foreign, drop constraint messages_author_id_foreign');
  } else {
    rows.push(`| \`select 1\` | — | ${(await emptyStatement(db)).toFixed(3)} ms a statement |`);
  }
  for (const k of [1, 2, 8]) {
    rows.push(`| ${stripped ? 'stripped (no search column, trigger or foreign keys)' : 'as migrated'} | ${k} | ${(await perMessage(db, users, convs, k)).toFixed(3)} ms a message |`);
  }
  await drop();
}
console.log(`\n${databaseUrl ? 'PostgreSQL' : 'PGlite'}, ${messages} messages each\n\n| schema | messages a statement | process CPU |\n|---|---|---|\n${rows.join('\n')}`);
