import type { Knex } from 'knex';

/**
 * The site gate reads the sessions (refresh families) ended within an access token's lifetime, on
 * every process every 30 s (core/src/site-gate.ts): an index of the revoked tokens by time keeps
 * that a short range scan however many tokens the table holds.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('create index refresh_tokens_revoked_at on refresh_tokens (revoked_at) where revoked_at is not null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index refresh_tokens_revoked_at');
}
