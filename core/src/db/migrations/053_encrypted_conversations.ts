import type { Knex } from 'knex';
import { tickWritesSource } from './050_leaner_plain_send.js';

/**
 * End-to-end encrypted conversations (docs/architecture.md §11): the flag on the conversation, the
 * devices' public keys and the messages between devices that the server keeps and hands on without
 * reading (docs/protocol.md, "Encrypted messages"). An encrypted message's body is its ciphertext:
 * the search column indexes nothing of it. A plain send (migration 050) is plain only when its kind
 * matches the conversation: text into an encrypted conversation, or ciphertext into a plain one,
 * takes the full decision, which refuses it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('conversations', (t) => t.boolean('encrypted').notNullable().defaultTo(false));
  await db.raw(tickWritesSource("\n        and cv.encrypted = (p_kinds[i] = 'encrypted')"));

  await db.raw('drop index if exists messages_search');
  await db.raw('alter table messages drop column search');
  await db.raw(`alter table messages add column search tsvector generated always as (
    case when kind = 'encrypted' then ''::tsvector else to_tsvector('english', body) || to_tsvector('french', body) end) stored`);
  await db.raw('create index messages_search on messages using gin (search)');

  await db.schema.createTable('e2ee_devices', (t) => {
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('device_id').notNullable();
    /** The device's signed identity keys (Matrix `DeviceKeys`), signatures merged in as they come. */
    t.jsonb('keys');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'device_id']);
  });
  await db.schema.createTable('e2ee_one_time_keys', (t) => {
    t.text('user_id').notNullable();
    t.text('device_id').notNullable();
    t.text('key_id').notNullable();
    t.text('algorithm').notNullable();
    t.jsonb('key').notNullable();
    t.primary(['user_id', 'device_id', 'key_id']);
    t.foreign(['user_id', 'device_id']).references(['user_id', 'device_id']).inTable('e2ee_devices').onDelete('CASCADE');
  });
  await db.schema.createTable('e2ee_fallback_keys', (t) => {
    t.text('user_id').notNullable();
    t.text('device_id').notNullable();
    t.text('algorithm').notNullable();
    t.text('key_id').notNullable();
    t.jsonb('key').notNullable();
    t.boolean('used').notNullable().defaultTo(false);
    t.primary(['user_id', 'device_id', 'algorithm']);
    t.foreign(['user_id', 'device_id']).references(['user_id', 'device_id']).inTable('e2ee_devices').onDelete('CASCADE');
  });
  await db.schema.createTable('e2ee_cross_signing_keys', (t) => {
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('usage').notNullable();
    t.jsonb('key').notNullable();
    t.primary(['user_id', 'usage']);
  });
  await db.raw("alter table e2ee_cross_signing_keys add constraint e2ee_cross_signing_keys_usage check (usage in ('master', 'self_signing', 'user_signing'))");
  await db.schema.createTable('e2ee_to_device', (t) => {
    t.bigIncrements('id');
    t.text('user_id').notNullable();
    t.text('device_id').notNullable();
    t.text('sender_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.jsonb('content').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.foreign(['user_id', 'device_id']).references(['user_id', 'device_id']).inTable('e2ee_devices').onDelete('CASCADE');
    t.index(['user_id', 'device_id', 'id']);
  });
  /** Whose devices or cross-signing keys changed, in order: a device asks what changed since it last looked. */
  await db.schema.createTable('e2ee_key_changes', (t) => {
    t.bigIncrements('id');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  /** The owner's secrets (cross-signing private keys, the backup's key), encrypted on the device with the recovery key. */
  await db.schema.createTable('e2ee_secret_storage', (t) => {
    t.text('user_id').primary().references('users.id').onDelete('CASCADE');
    t.jsonb('data').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.createTable('e2ee_key_backups', (t) => {
    t.bigIncrements('version');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('algorithm').notNullable();
    t.jsonb('auth_data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id', 'version']);
  });
  await db.schema.createTable('e2ee_backup_sessions', (t) => {
    t.bigInteger('version').notNullable().references('e2ee_key_backups.version').onDelete('CASCADE');
    t.text('room_id').notNullable();
    t.text('session_id').notNullable();
    t.jsonb('data').notNullable();
    t.primary(['version', 'room_id', 'session_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['e2ee_backup_sessions', 'e2ee_key_backups', 'e2ee_secret_storage', 'e2ee_key_changes', 'e2ee_to_device', 'e2ee_cross_signing_keys', 'e2ee_fallback_keys', 'e2ee_one_time_keys', 'e2ee_devices']) {
    await db.schema.dropTableIfExists(table);
  }
  await db.raw('drop index if exists messages_search');
  await db.raw('alter table messages drop column search');
  await db.raw(`alter table messages add column search tsvector
    generated always as (to_tsvector('english', body) || to_tsvector('french', body)) stored`);
  await db.raw('create index messages_search on messages using gin (search)');
  await db.raw(tickWritesSource());
  await db.schema.alterTable('conversations', (t) => t.dropColumn('encrypted'));
}
