import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';

export type Db = Knex;

// COUNT(*) and BIGINT come back as strings by default; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export interface DbOptions {
  /** PostgreSQL when set; the embedded PGlite otherwise. */
  databaseUrl?: string | undefined;
  /** PGlite's directory lives here; null keeps PGlite in memory (tests). */
  dataDir: string | null;
  /** PostgreSQL schema to work in, created if missing (tests isolate themselves this way). */
  schema?: string;
}

export async function connectDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const db = knexFactory({
      client: 'pg',
      connection: opts.databaseUrl,
      pool: { min: 0, max: 10 },
      ...(opts.schema ? { searchPath: [opts.schema] } : {}),
    });
    if (opts.schema) await db.raw('create schema if not exists ??', [opts.schema]);
    return db;
  }
  let connection: Knex.StaticConnectionConfig = {} as Knex.StaticConnectionConfig;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    connection = { filename: join(opts.dataDir, 'pglite') };
  }
  // knex-pglite keeps a single connection (PGlite is single-user): never query outside an open transaction's trx.
  return knexFactory({ client: ClientPgLite as unknown as typeof knexFactory.Client, dialect: 'postgres', connection });
}
