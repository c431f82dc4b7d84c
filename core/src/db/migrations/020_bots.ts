import type { Knex } from 'knex';

/**
 * Bot accounts: a user row with an owner, and its long-lived tokens (core/src/bot-tokens.ts). A
 * token is stored as the SHA-256 of its secret, never as itself.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.text('bot_owner_id').references('users.id').onDelete('CASCADE');
    t.text('description').notNullable().defaultTo('');
    // A deleted bot keeps its row: its messages still name it.
    t.timestamp('deleted_at', { useTz: true });
  });
  await db.raw('create index users_bot_owner on users (bot_owner_id) where bot_owner_id is not null');
  await db.schema.createTable('bot_tokens', (t) => {
    t.text('id').primary();
    t.text('bot_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('secret_hash').notNullable();
    t.text('access').notNullable();
    /** Null: every conversation the bot is in; else a JSON array of conversation ids. */
    t.jsonb('conversations');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('last_used_at', { useTz: true });
    t.text('last_used_address');
    t.timestamp('revoked_at', { useTz: true });
    t.index(['bot_id']);
  });
  await db.raw("alter table bot_tokens add constraint bot_tokens_access check (access in ('read', 'read_write'))");
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('bot_tokens');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('bot_owner_id');
    t.dropColumn('description');
    t.dropColumn('deleted_at');
  });
}
