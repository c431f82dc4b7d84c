/**
 * The statements run for every message (the send, the update log's appends), on a pooled
 * connection directly: at hundreds per second, knex's query builder and objection cost more of the
 * server's CPU than the statements themselves. On PostgreSQL each is a named prepared statement,
 * parsed and planned once per connection; PGlite takes the same text and parameters.
 */
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

export async function runPrepared<Row>(db: Db, { name, text }: PreparedStatement, values: unknown[]): Promise<Row[]> {
  const { client } = db;
  const connection = (await client.acquireConnection()) as RawConnection;
  try {
    const { rows } = isPostgres(db) ? await connection.query({ name, text, values }) : await connection.query(text, values);
    return rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
}
