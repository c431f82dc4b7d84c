import type { Knex } from 'knex';

/** Profiles, friends, blocks, DMs, channels and their moderation. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.text('bio').notNullable().defaultTo('');
    t.text('avatar_file');
  });
  await db.raw('create index users_username_prefix on users (lower(username) text_pattern_ops)');
  await db.raw('create index users_display_name_prefix on users (lower(display_name) text_pattern_ops)');

  await db.schema.createTable('friend_requests', (t) => {
    t.text('id').primary();
    t.text('from_user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('to_user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable().defaultTo('pending');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('decided_at', { useTz: true });
    t.index(['to_user_id', 'status']);
    t.index(['from_user_id', 'status']);
  });
  await db.raw("alter table friend_requests add constraint friend_requests_status check (status in ('pending', 'accepted', 'declined', 'cancelled'))");
  // One pending request per ordered pair.
  await db.raw("create unique index friend_requests_one_pending on friend_requests (from_user_id, to_user_id) where status = 'pending'");

  // Both directions are stored, so "my friends" is one indexed lookup.
  await db.schema.createTable('friendships', (t) => {
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('friend_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'friend_id']);
  });

  await db.schema.createTable('blocks', (t) => {
    t.text('blocker_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('blocked_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['blocker_id', 'blocked_id']);
    t.index(['blocked_id']);
  });

  await db.schema.alterTable('conversations', (t) => {
    t.text('access');
    t.text('password_hash');
    t.text('topic').notNullable().defaultTo('');
    t.text('owner_id').references('users.id').onDelete('SET NULL');
    // DMs: "<smaller user id>:<larger user id>", so a pair has one DM.
    t.text('dm_key').unique();
  });
  await db.raw("alter table conversations add constraint conversations_access check (access is null or access in ('public', 'private', 'password'))");
  await db.raw('create index conversations_name_prefix on conversations (lower(name) text_pattern_ops)');

  await db.schema.alterTable('conversation_members', (t) => {
    t.timestamp('muted_until', { useTz: true });
  });

  await db.schema.createTable('conversation_bans', (t) => {
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('by_user_id').references('users.id').onDelete('SET NULL');
    // Null: permanent.
    t.timestamp('until', { useTz: true });
    t.text('reason').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['conversation_id', 'user_id']);
  });

  await db.schema.createTable('join_requests', (t) => {
    t.text('id').primary();
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable().defaultTo('pending');
    t.text('decided_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('decided_at', { useTz: true });
    t.index(['conversation_id', 'status']);
  });
  await db.raw("alter table join_requests add constraint join_requests_status check (status in ('pending', 'accepted', 'rejected'))");
  await db.raw("create unique index join_requests_one_pending on join_requests (conversation_id, user_id) where status = 'pending'");

  await db.schema.createTable('channel_invitations', (t) => {
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('invited_by').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['conversation_id', 'user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['channel_invitations', 'join_requests', 'conversation_bans', 'blocks', 'friendships', 'friend_requests']) {
    await db.schema.dropTableIfExists(table);
  }
  await db.schema.alterTable('conversation_members', (t) => t.dropColumn('muted_until'));
  await db.raw('drop index if exists conversations_name_prefix');
  await db.schema.alterTable('conversations', (t) => {
    t.dropColumns('access', 'password_hash', 'topic', 'owner_id', 'dm_key');
  });
  await db.raw('drop index if exists users_username_prefix');
  await db.raw('drop index if exists users_display_name_prefix');
  await db.schema.alterTable('users', (t) => t.dropColumns('bio', 'avatar_file'));
}
