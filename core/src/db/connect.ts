import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../logger.js';

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
  /** PGlite only: start from this dump of a data directory (`dumpDataDir`) rather than an empty one. */
  loadDataDir?: Blob;
  /** Where knex's own warnings go (a connection that failed or ended); else to the console, as knex does. */
  log?: Logger;
}

export async function connectDb(opts: DbOptions): Promise<Db> {
  if (opts.databaseUrl) {
    const db = knexFactory({
      client: 'pg',
      connection: opts.databaseUrl,
      pool: { min: 0, max: 10 },
      ...(opts.schema ? { searchPath: [opts.schema] } : {}),
      ...(opts.log && { log: knexLog(opts.log) }),
    });
    if (opts.schema) await db.raw('create schema if not exists ??', [opts.schema]);
    return db;
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // Loaded only for the embedded database: a server on PostgreSQL carries none of it.
  const [{ PGlite, types }, { default: ClientPgLite }] = await Promise.all([import('@electric-sql/pglite'), import('knex-pglite')]);
  const pglite = new PGlite({
    ...(opts.dataDir ? { dataDir: join(opts.dataDir, 'pglite') } : {}),
    ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    parsers: { [types.BYTEA]: byteaFromHex },
    serializers: { [types.BYTEA]: byteaToHex },
  });
  // knex-pglite keeps a single connection (PGlite is single-user): never query outside an open transaction's trx.
  return knexFactory({ client: ClientPgLite as unknown as typeof knexFactory.Client, dialect: 'postgres', connection: { pglite } as unknown as Knex.StaticConnectionConfig });
}

/** PostgreSQL, as opposed to the embedded PGlite. */
export const isPostgres = (db: Db): boolean => (db.client as { config: { client?: unknown } }).config.client === 'pg';

/**
 * PGlite's own bytea conversions go through a JavaScript call per byte (parseInt of each pair of
 * hex digits; an array of two-digit strings joined): a segment's 150 KiB snapshot took tens of ms
 * to read or write. Node's hex codec does the same in native code.
 */
function byteaFromHex(text: string): Uint8Array {
  // `\x` then two digits per byte (bytea_output is hex, PostgreSQL's default).
  const bytes = new Uint8Array((text.length - 2) >>> 1);
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(text.slice(2), 'hex');
  return bytes;
}

function byteaToHex(value: unknown): string {
  if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** knex's messages as structured lines: a database unreachable says so once per attempt, not as bare console text. */
function knexLog(log: Logger): Knex.Config['log'] {
  const line = (level: 'warn' | 'error' | 'debug') => (message: unknown) => log[level]({ detail: message instanceof Error ? message.message : String(message) }, 'knex');
  return { warn: line('warn'), error: line('error'), deprecate: line('warn'), debug: line('debug') };
}
