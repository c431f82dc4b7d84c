import type { Knex } from 'knex';

/**
 * The id of a game's result message, chosen by the server at random when it claims the posting: a
 * client cannot know it in advance, so no message of theirs can stand in for the result.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('games', (table) => table.text('result_message_id').nullable().unique());
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('games', (table) => table.dropColumn('result_message_id'));
}
