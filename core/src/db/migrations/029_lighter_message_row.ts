import type { Knex } from 'knex';
import { sendMessageFunction } from './007_send_message.js';

/**
 * Less work per recorded message (bench/db-floor.ts: a `messages` row was the dearest write of
 * a message, most of all on the embedded PGlite, where it runs in the server's own process):
 * - `messages_conversation_seq` (conversation, seq desc) repeated the unique (conversation, seq)
 *   index, which PostgreSQL reads backwards just as well: one index less to keep per message.
 * - `send_message` fills `sent_from` in its insert, so the row skips the trigger of migration 024
 *   (a PL/pgSQL call per row); the trigger stays for every other way a message is recorded.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('drop index if exists messages_conversation_seq');
  await db.raw(sendMessageFunction({ sentFrom: 'author' }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(sendMessageFunction({ sentFrom: false }));
  await db.raw('create index messages_conversation_seq on messages (conversation_id, seq desc)');
}
