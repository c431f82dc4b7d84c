import type { Knex } from 'knex';

/**
 * The account's own life (docs/architecture.md §5, "Accounts"): mailed one-time tokens (password
 * reset, email change), two-factor authentication, the locale mails are written in.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.text('locale');
    // AES-256-GCM under a key derived from JWT_SECRET (api/src/services/secret-box.ts).
    t.text('totp_secret');
    // Set up but not yet confirmed by a code: the secret waits here.
    t.text('totp_pending_secret');
    // The last time step a code was accepted for: a code is good once within its window.
    t.integer('totp_last_step');
  });
  await db.schema.createTable('account_tokens', (t) => {
    t.text('id').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    // SHA-256 of the 32 random bytes mailed: enough for a secret nobody can guess.
    t.text('token_hash').notNullable().unique();
    // For an email change: the new address, switched to on confirmation.
    t.text('email');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id', 'kind']);
  });
  await db.raw(`alter table account_tokens add constraint account_tokens_kind check (kind in ('password_reset', 'email_change'))`);
  await db.schema.createTable('recovery_codes', (t) => {
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('code_hash').notNullable();
    t.timestamp('used_at', { useTz: true });
    t.primary(['user_id', 'code_hash']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('recovery_codes');
  await db.schema.dropTable('account_tokens');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('locale');
    t.dropColumn('totp_secret');
    t.dropColumn('totp_pending_secret');
    t.dropColumn('totp_last_step');
  });
}
