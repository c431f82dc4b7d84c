import type { Knex } from 'knex';

/** A streamed message recorded as it stood when its author went quiet (shared/src/streams.ts). */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (table) => table.boolean('incomplete').notNullable().defaultTo(false));
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (table) => table.dropColumn('incomplete'));
}
