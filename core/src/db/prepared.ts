/**
 * The statements run for every message (the send, the update log's appends), on a pooled
 * connection directly: at hundreds per second, knex's query builder and objection cost more of the
 * server's CPU than the statements themselves. On PostgreSQL each is a named prepared statement,
 * parsed and planned once per connection; PGlite takes the same text and parameters.
 */
import type { Knex } from 'knex';
import { isPostgres, type Db } from './connect.js';

interface RawConnection {
  query(statement: { name: string; text: string; values: unknown[] } | string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface PreparedStatement {
  /** Unique per statement text: PostgreSQL keys a connection's prepared statements by it. */
  name: string;
  /** With `$1`, `$2`… placeholders. */
  text: string;
}

const query = async <Row>(db: Db, connection: RawConnection, { name, text }: PreparedStatement, values: unknown[]): Promise<Row[]> =>
  ((isPostgres(db) ? await connection.query({ name, text, values }) : await connection.query(text, values)).rows as Row[]);

export async function runPrepared<Row>(db: Db, statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
  const { client } = db;
  const connection = (await client.acquireConnection()) as RawConnection;
  try {
    return await query<Row>(db, connection, statement, values);
  } finally {
    await client.releaseConnection(connection);
  }
}

/**
 * A statement written with knex's builder, compiled once and then run as a prepared statement with
 * each run's values: for what a process runs on a timer whether it is busy or idle (the api's
 * sweeps, every second or two), where compiling the builder's query each time costs more CPU than
 * the statement itself. `build` gets a stand-in for each named value and must use each only where
 * a value goes (a binding: `where(column, value)`, `db.raw('?', [value])`), never compute with it.
 */
export function compiledOnce<Name extends string, Row>(db: Db, name: string, values: readonly Name[], build: (standIns: Record<Name, string>) => Knex.QueryBuilder | Knex.Raw): (given: Record<Name, unknown>) => Promise<Row[]> {
  const standIns = Object.fromEntries(values.map((value) => [value, `\u0000${name}:${value}`])) as Record<Name, string>;
  const byStandIn = new Map<unknown, Name>(values.map((value) => [standIns[value], value]));
  const { sql, bindings } = build(standIns).toSQL().toNative();
  const statement: PreparedStatement = { name, text: sql };
  const used = new Set(bindings.map((binding) => byStandIn.get(binding)).filter((value) => value !== undefined));
  const unused = values.filter((value) => !used.has(value));
  if (unused.length > 0) throw new Error(`${name}: ${unused.join(', ')} not bound`);
  return (given) =>
    runPrepared<Row>(
      db,
      statement,
      bindings.map((binding) => {
        const value = byStandIn.get(binding);
        return value === undefined ? binding : given[value];
      }),
    );
}

/** A writer busy this recently keeps its connection: under load it is taken from the pool once, not per statement. */
const HELD_FOR_MS = 100;

/**
 * One pooled connection for a writer that runs statement after statement (the update log's group
 * commit): taken on its first statement, kept while statements follow within HELD_FOR_MS, given
 * back after (so that the pool can close), and after an error (the connection may be broken). On
 * PGlite, whose pool is its one connection, each statement takes and gives it back.
 */
export class HeldConnection {
  private connection: Promise<RawConnection> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private running = 0;

  constructor(private readonly db: Db) {}

  async run<Row>(statement: PreparedStatement, values: unknown[]): Promise<Row[]> {
    if (!isPostgres(this.db)) return runPrepared<Row>(this.db, statement, values);
    this.connection ??= this.db.client.acquireConnection() as Promise<RawConnection>;
    this.running++;
    try {
      const rows = await query<Row>(this.db, await this.connection, statement, values);
      this.running--;
      this.holdAWhile();
      return rows;
    } catch (err) {
      this.running--;
      this.release();
      throw err;
    }
  }

  private holdAWhile(): void {
    if (this.idle) this.idle.refresh();
    else this.idle = setTimeout(() => this.running === 0 && this.release(), HELD_FOR_MS);
  }

  private release(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    const held = this.connection;
    this.connection = undefined;
    void held?.then((connection) => this.db.client.releaseConnection(connection), () => undefined);
  }
}
