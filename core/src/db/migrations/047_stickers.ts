import type { Knex } from 'knex';

/**
 * The sticker bank: packs a site admin uploads, each a named, ordered set of images kept
 * re-encoded in the blob store (docs/architecture.md, "Stickers"). A sticker message names one by
 * id; deleting a pack deletes its stickers, and messages that named them show their name alone.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('sticker_packs', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('created_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('stickers', (t) => {
    t.text('id').primary();
    t.text('pack_id').notNullable().references('sticker_packs.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('type').notNullable();
    t.integer('size').notNullable();
    t.integer('width').notNullable();
    t.integer('height').notNullable();
    t.text('storage_key').notNullable();
    t.index(['pack_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('stickers');
  await db.schema.dropTable('sticker_packs');
}
