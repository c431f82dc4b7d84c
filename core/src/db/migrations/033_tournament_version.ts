import type { Knex } from 'knex';

/**
 * A tournament's version, moved on by every step that changes what its page shows (a registration,
 * the start, a result, the end), in the step's transaction: a watcher told "version n" knows
 * whether it shows the latest, whichever process told it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('tournaments', (t) => {
    t.integer('version').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('tournaments', (t) => {
    t.dropColumn('version');
  });
}
