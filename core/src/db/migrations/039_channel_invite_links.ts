import type { Knex } from 'knex';

/**
 * A channel's invite link: a random token (32 bytes, base64url) any member copies, and anyone who
 * has it joins by, bans and blocks still refused. One link is in force per channel at a time; an
 * admin revokes it (`revoked_at`), and the next member asking gets a new one.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('channel_invite_links', (t) => {
    t.text('token').primary();
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('created_by').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('revoked_at', { useTz: true });
  });
  await db.raw('create unique index channel_invite_links_one_in_force on channel_invite_links (conversation_id) where revoked_at is null');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('channel_invite_links');
}
