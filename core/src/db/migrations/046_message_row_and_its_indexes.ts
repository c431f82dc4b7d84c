import type { Knex } from 'knex';

/**
 * What a message costs inside the database is its row and what its indexes need (docs/architecture.md
 * §4, "A plain send costs no round trip of its own"):
 * - The foreign keys of `messages.author_id` and `messages.conversation_id` ran a query per
 *   message each, and the author's took a lock on the author's `users` row, a write of that row's
 *   page for every message. Neither can fail where a message is recorded: the sync server records
 *   only a member's message (its checks read the membership, which has its own foreign keys), an
 *   account is never deleted (it becomes a tombstone: api/src/services/delete-account.ts), and
 *   neither is a conversation.
 * - The index on `reply_to_id` kept an entry for every message, replies or not: it is read only to
 *   find the replies to a message (`reply_to_id = ?`), so it holds replies alone.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table messages drop constraint messages_author_id_foreign, drop constraint messages_conversation_id_foreign');
  await db.raw('drop index messages_reply_to_id_index');
  await db.raw('create index messages_reply_to_id_index on messages (reply_to_id) where reply_to_id is not null');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index messages_reply_to_id_index');
  await db.raw('create index messages_reply_to_id_index on messages (reply_to_id)');
  await db.raw(`alter table messages
    add constraint messages_author_id_foreign foreign key (author_id) references users (id),
    add constraint messages_conversation_id_foreign foreign key (conversation_id) references conversations (id) on delete cascade`);
}
