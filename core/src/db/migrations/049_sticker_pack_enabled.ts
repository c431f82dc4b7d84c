import type { Knex } from 'knex';

/**
 * A sticker pack a site admin turns off leaves the bank (docs/architecture.md, "Stickers"): it is
 * no longer listed and its stickers can no longer be sent; messages that carry one keep showing it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('sticker_packs', (t) => {
    t.boolean('enabled').notNullable().defaultTo(true);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('sticker_packs', (t) => {
    t.dropColumn('enabled');
  });
}
