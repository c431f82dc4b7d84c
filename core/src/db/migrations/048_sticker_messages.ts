import type { Knex } from 'knex';

/**
 * A sticker message names its sticker (docs/architecture.md, "Stickers"). No foreign key, as none
 * on the author or the conversation (046): a plain message would pay a trigger for a column it
 * leaves empty. A sticker whose pack is deleted is simply not found where the message is shown,
 * which then shows the name its body keeps.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.text('sticker_id');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.dropColumn('sticker_id');
  });
}
