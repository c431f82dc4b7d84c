import type { Knex } from 'knex';
import { newId } from '@volley/shared';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('users', (t) => {
    t.text('id').primary();
    t.text('username').notNullable();
    t.text('email').notNullable();
    t.text('display_name').notNullable();
    t.text('password_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw('create unique index users_username_lower on users (lower(username))');
  await db.raw('create unique index users_email_lower on users (lower(email))');

  await db.schema.createTable('refresh_tokens', (t) => {
    t.text('id').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('family_id').notNullable().index();
    t.text('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });

  await db.schema.createTable('conversations', (t) => {
    t.text('id').primary();
    t.text('kind').notNullable();
    t.text('name').notNullable();
    t.integer('head_segment').notNullable().defaultTo(0);
    t.integer('last_seq').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.raw("alter table conversations add constraint conversations_kind check (kind in ('world', 'dm', 'channel'))");
  await db.raw("create unique index conversations_one_world on conversations (kind) where kind = 'world'");

  await db.schema.createTable('conversation_members', (t) => {
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('role').notNullable().defaultTo('member');
    t.timestamp('joined_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['conversation_id', 'user_id']);
    t.index(['user_id']);
  });

  await db.schema.createTable('messages', (t) => {
    t.text('id').primary();
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.integer('seq').notNullable();
    t.integer('segment').notNullable();
    t.text('author_id').notNullable().references('users.id');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('deleted_at', { useTz: true });
    t.unique(['conversation_id', 'seq']);
  });

  await db.schema.createTable('sync_updates', (t) => {
    t.bigIncrements('id').primary();
    t.text('room').notNullable();
    t.binary('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['room', 'id']);
  });

  await db('conversations').insert({ id: newId(), kind: 'world', name: 'general' });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['sync_updates', 'messages', 'conversation_members', 'conversations', 'refresh_tokens', 'users']) {
    await db.schema.dropTableIfExists(table);
  }
}
