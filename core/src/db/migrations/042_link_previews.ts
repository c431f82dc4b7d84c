import type { Knex } from 'knex';

/**
 * Link previews (docs/architecture.md, "Link previews"). `link_previews` is the cache, one row per
 * URL fetched, whether it gave a card (`found`) or not; its image is in the blob store under
 * `link-previews/<image_id>/image`. `message_previews` ties a message to the URL of its first link
 * once a server has claimed the fetch; the sender removing the card sets `removed_at`.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('link_previews', (t) => {
    t.text('url').primary();
    t.boolean('found').notNullable();
    t.text('title');
    t.text('description');
    t.text('site_name');
    t.text('image_id');
    t.integer('image_width');
    t.integer('image_height');
    t.integer('image_size');
    t.timestamp('fetched_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['image_id']);
  });
  await db.schema.createTable('message_previews', (t) => {
    t.text('message_id').primary().references('messages.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.timestamp('removed_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('message_previews');
  await db.schema.dropTable('link_previews');
}
