import type { Knex } from 'knex';

/** Replies, actions, reactions and full-text search. */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('messages', (t) => {
    t.text('kind').notNullable().defaultTo('text');
    t.text('reply_to_id');
  });
  // French and English stems side by side: the first users write both.
  await db.raw(`alter table messages add column search tsvector
    generated always as (to_tsvector('english', body) || to_tsvector('french', body)) stored`);
  await db.raw('create index messages_search on messages using gin (search)');
  await db.raw('create index messages_conversation_seq on messages (conversation_id, seq desc)');

  await db.schema.createTable('message_reactions', (t) => {
    t.text('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('emoji').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['message_id', 'user_id', 'emoji']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('message_reactions');
  await db.raw('drop index if exists messages_conversation_seq');
  await db.raw('drop index if exists messages_search');
  await db.schema.alterTable('messages', (t) => t.dropColumns('search', 'kind', 'reply_to_id'));
}
