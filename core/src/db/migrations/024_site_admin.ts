import type { Knex } from 'knex';

/**
 * Running a deployment (docs/architecture.md §5, "Site administration"): site roles, the last
 * address each user came from, site-wide bans by account or address range, and the audit log.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.text('role').notNullable().defaultTo('user');
    t.specificType('last_address', 'inet');
    t.timestamp('last_seen_at', { useTz: true });
    // Access tokens issued before this are refused: a site kick ends every session at once.
    t.timestamp('tokens_valid_after', { useTz: true });
  });
  await db.raw(`alter table users add constraint users_role check (role in ('user', 'moderator', 'admin'))`);
  await db.schema.createTable('site_bans', (t) => {
    t.text('id').primary();
    t.text('user_id').references('users.id').onDelete('CASCADE');
    t.specificType('address', 'cidr');
    t.text('reason').notNullable().defaultTo('');
    t.text('by_user_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('until', { useTz: true });
    t.timestamp('lifted_at', { useTz: true });
  });
  await db.raw('alter table site_bans add constraint site_bans_target check ((user_id is null) <> (address is null))');
  await db.schema.createTable('audit_log', (t) => {
    t.text('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    // Null: the operator's command line.
    t.text('actor_id').references('users.id').onDelete('SET NULL');
    t.specificType('actor_address', 'inet');
    t.text('action').notNullable();
    t.text('target_user_id').references('users.id').onDelete('SET NULL');
    t.specificType('target_address', 'cidr');
    t.text('conversation_id');
    t.jsonb('detail').notNullable().defaultTo('{}');
    t.index(['at']);
    t.index(['actor_id', 'at']);
    t.index(['target_user_id', 'at']);
  });
  // Where each message was sent from, kept for the audit log's retention: the address its author
  // was last seen at (the socket that carried the op, or the last sign-in), set by the database
  // so that every way a message is recorded fills it.
  await db.schema.alterTable('messages', (t) => t.specificType('sent_from', 'inet'));
  await db.raw(`create function messages_sent_from() returns trigger language plpgsql as $$
    begin
      new.sent_from := (select last_address from users where id = new.author_id);
      return new;
    end $$`);
  await db.raw('create trigger messages_sent_from before insert on messages for each row when (new.sent_from is null) execute function messages_sent_from()');
  await db.raw('create index messages_author_created on messages (author_id, created_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists messages_author_created');
  await db.raw('drop trigger if exists messages_sent_from on messages');
  await db.raw('drop function if exists messages_sent_from()');
  await db.schema.alterTable('messages', (t) => t.dropColumn('sent_from'));
  await db.schema.dropTable('audit_log');
  await db.schema.dropTable('site_bans');
  await db.raw('alter table users drop constraint users_role');
  await db.schema.alterTable('users', (t) => {
    t.dropColumn('role');
    t.dropColumn('last_address');
    t.dropColumn('last_seen_at');
    t.dropColumn('tokens_valid_after');
  });
}
