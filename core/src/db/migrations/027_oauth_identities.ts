import type { Knex } from 'knex';

/**
 * Accounts linked to an OAuth / OpenID Connect provider (docs/architecture.md §5, "Sign-in with a
 * provider"): one row per (provider, subject). `owns_email`: the account was created from the
 * provider, whose email it took; that email cannot be changed in Volley.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('oauth_identities', (t) => {
    t.text('provider').notNullable();
    t.text('subject').notNullable();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.boolean('owns_email').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['provider', 'subject']);
    // One identity per provider and account: linking a second replaces nothing silently.
    t.unique(['provider', 'user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('oauth_identities');
}
