import type { Knex } from 'knex';

/**
 * A mute belongs to the person in the conversation, not to their membership (docs/architecture.md
 * §3, "Who may do what"): leaving and joining again does not end it, as a ban does not. The record
 * is `conversation_mutes`, keyed (conversation, user) whether or not the user is a member now.
 * `conversation_members.muted_until` stays, as the mirror every reader already reads in the row it
 * loads (the send path's functions included): triggers keep it equal to the mute, on a mute's
 * change and on every insert of a membership, so no way of joining can forget to carry it.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('conversation_mutes', (t) => {
    t.text('conversation_id').notNullable().references('conversations.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('until', { useTz: true }).notNullable();
    t.text('by_user_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['conversation_id', 'user_id']);
  });
  await db.raw(`insert into conversation_mutes (conversation_id, user_id, until)
    select conversation_id, user_id, muted_until from conversation_members where muted_until > now()`);
  await db.raw(`create function conversation_mutes_mirror() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        update conversation_members set muted_until = null where conversation_id = old.conversation_id and user_id = old.user_id;
        return old;
      end if;
      update conversation_members set muted_until = new.until where conversation_id = new.conversation_id and user_id = new.user_id;
      return new;
    end $$`);
  await db.raw('create trigger conversation_mutes_mirror after insert or update or delete on conversation_mutes for each row execute function conversation_mutes_mirror()');
  await db.raw(`create function conversation_members_muted() returns trigger language plpgsql as $$
    begin
      new.muted_until := (select m.until from conversation_mutes m where m.conversation_id = new.conversation_id and m.user_id = new.user_id and m.until > now());
      return new;
    end $$`);
  await db.raw('create trigger conversation_members_muted before insert on conversation_members for each row execute function conversation_members_muted()');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger if exists conversation_members_muted on conversation_members');
  await db.raw('drop function if exists conversation_members_muted()');
  await db.raw('drop trigger if exists conversation_mutes_mirror on conversation_mutes');
  await db.raw('drop function if exists conversation_mutes_mirror()');
  await db.schema.dropTableIfExists('conversation_mutes');
}
