import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDb, type Db } from './connect.js';
import { migrate, migrationsDone } from './migrate.js';

// PGlite is one process: concurrent starts exist only on PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('processes starting together against one database', () => {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const pools: Db[] = [];
  const connect = async () => {
    const db = await connectDb({ databaseUrl: process.env.DATABASE_URL, dataDir: null, schema });
    pools.push(db);
    return db;
  };
  afterAll(async () => {
    await pools[0]?.raw('drop schema if exists ?? cascade', [schema]);
    await Promise.all(pools.map((db) => db.destroy()));
  });

  it('four come up: one migrates a fresh database, the others wait for it, none fails', async () => {
    const first = await connect(); // creates the schema, empty
    const starts = [first, ...(await Promise.all([1, 2, 3].map(connect)))];
    expect(await migrationsDone(first)).toBe(false);

    const outcomes = await Promise.allSettled(starts.map((db) => migrate(db)));

    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []))).toEqual([]);
    expect(await migrationsDone(first)).toBe(true);
    const rows = await first('knex_migrations').count<{ count: number }[]>('* as count');
    expect(rows[0]!.count).toBeGreaterThan(0);
    // Each migration ran once.
    const names = await first('knex_migrations').pluck('name');
    expect(new Set(names).size).toBe(names.length);
  });

  it('start again at once against the migrated database, with nothing to do', async () => {
    const outcomes = await Promise.allSettled(pools.map((db) => migrate(db)));
    expect(outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []))).toEqual([]);
  });

  it('makes a process that starts while another migrates wait for it, touching nothing meanwhile', async () => {
    const schemaOfItsOwn = `test_${randomBytes(6).toString('hex')}`;
    const connectTo = async () => {
      const db = await connectDb({ databaseUrl: process.env.DATABASE_URL, dataDir: null, schema: schemaOfItsOwn });
      pools.push(db);
      return db;
    };
    const migrating = await connectTo();
    // The lock a migrating process holds (migrate.ts), taken by hand on one connection.
    const connection: unknown = await migrating.client.acquireConnection();
    const lock = (fn: string) => migrating.raw(`select ${fn}(hashtext('volley.migrate'), hashtext(current_schema()))`).connection(connection);
    await lock('pg_advisory_lock');
    const waiting = await connectTo();
    let done = false;
    const started = migrate(waiting).then(() => (done = true));

    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(done).toBe(false);
    expect(await waiting.schema.hasTable('knex_migrations')).toBe(false);

    await lock('pg_advisory_unlock');
    await migrating.client.releaseConnection(connection);
    await started;
    expect(await migrationsDone(waiting)).toBe(true);
    await waiting.raw('drop schema if exists ?? cascade', [schemaOfItsOwn]);
  });
});
