import type { Knex } from 'knex';

/**
 * Edits, deletes and reactions as applied, one row per op id: a replayed op finds its row and
 * changes nothing (an old edit never reverts a newer one), and moderators see who changed which
 * message, when, and the body an edit or a delete replaced.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('message_ops', (t) => {
    t.text('id').primary();
    t.text('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('op').notNullable();
    t.text('replaced_body');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['message_id']);
  });
  // A deleted message's quote is blanked in the replies to it.
  await db.schema.alterTable('messages', (t) => t.index(['reply_to_id']));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => t.dropIndex(['reply_to_id']));
  await db.schema.dropTableIfExists('message_ops');
}
