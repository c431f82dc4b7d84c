import type { Knex } from 'knex';

/**
 * Files uploaded into a conversation (docs/architecture.md, "Attachments"). The bytes are in the
 * blob store under server-made keys; `message_id` is set once a message carries the file.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('attachments', (t) => {
    t.text('id').primary();
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('uploader_id').notNullable().references('users.id').onDelete('CASCADE');
    /** Sanitised: no path separator or control character, at most 255 characters. */
    t.text('name').notNullable();
    /** The MIME type the bytes were found to be (of the re-encoded image, for an image). */
    t.text('type').notNullable();
    t.bigInteger('size').notNullable();
    t.integer('width');
    t.integer('height');
    t.text('storage_key').notNullable();
    t.text('thumbnail_key');
    t.bigInteger('thumbnail_size');
    t.text('message_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['uploader_id']);
    t.index(['conversation_id', 'created_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('attachments');
}
