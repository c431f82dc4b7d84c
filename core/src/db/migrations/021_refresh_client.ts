import type { Knex } from 'knex';

/**
 * The browser that first rotated a refresh token (the SHA-256 of its client-binding cookie): a token
 * presented again within the grace window is a benign race only from that same browser. And where
 * each token was issued (user agent, address), for the list of sessions.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('refresh_tokens', (table) => {
    table.text('used_by_client').nullable();
    table.text('user_agent').notNullable().defaultTo('');
    table.text('address').notNullable().defaultTo('');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('refresh_tokens', (table) => table.dropColumns('used_by_client', 'user_agent', 'address'));
}
