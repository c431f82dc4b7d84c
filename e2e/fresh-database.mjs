// Before an e2e server starts on PostgreSQL: its database (DATABASE_URL, set per server by
// playwright.config.ts from e2eDatabaseUrl in e2e/support.ts) dropped and made again, so each run
// starts empty and no other server shares it. Nothing to do on the embedded default.
import pg from 'pg';

const given = process.env.DATABASE_URL;
if (given) {
  const target = new URL(given);
  const name = decodeURIComponent(target.pathname.slice(1));
  // Connected to the server's maintenance database: a database cannot drop itself.
  const admin = new URL(given);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.href });
  await client.connect();
  try {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
}
