import { SEGMENT_MAX_BYTES, SEGMENT_MESSAGE_BYTES_BESIDES_BODY } from '@volley/shared';
import type { Knex } from 'knex';
import { sendMessageFunction } from './007_send_message.js';

/**
 * Segments are sealed by bytes as well as by count (docs/architecture.md §3, "Segments"): a long
 * segment of long messages made a first sync of several MiB. A conversation keeps the bytes of its
 * head segment (`head_bytes`: each message's body in UTF-8 plus a fixed share for the rest of its
 * element), and the message that would take the head past SEGMENT_MAX_BYTES opens the next one,
 * as the one past SEGMENT_SIZE does. `segment_after` is that rule, once, for both recorders: the
 * plain send's function (`send_message`, redefined with the same signature, so `tick_writes` is
 * unchanged) and the full path's statement (sync-server/src/outbox/send-message.ts).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('conversations', (t) => t.integer('head_bytes').notNullable().defaultTo(0));
  await db.raw(`
    update conversations c set head_bytes = coalesce((
      select sum(octet_length(m.body) + ${SEGMENT_MESSAGE_BYTES_BESIDES_BODY}) from messages m
      where m.conversation_id = c.id and m.segment = c.head_segment), 0)`);
  await db.raw(`
    create or replace function message_bytes(p_body text) returns int language sql immutable as $$
      select octet_length(p_body) + ${SEGMENT_MESSAGE_BYTES_BESIDES_BODY}
    $$`);
  await db.raw(`
    create or replace function segment_after(p_conv text, p_head int, p_head_bytes int, p_seq int, p_size int, p_bytes int) returns int language sql stable as $$
      select p_head + case when (p_head_bytes > 0 and p_head_bytes + p_bytes > ${SEGMENT_MAX_BYTES})
        or exists (select 1 from messages o where o.conversation_id = p_conv and o.seq = p_seq - p_size and o.segment = p_head)
        then 1 else 0 end
    $$`);
  await db.raw(sendMessageFunction({ sentFrom: 'socket', refusals: true, sealBytes: true }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(sendMessageFunction({ sentFrom: 'socket', refusals: true }));
  await db.raw('drop function segment_after(text, int, int, int, int, int)');
  await db.raw('drop function message_bytes(text)');
  await db.schema.alterTable('conversations', (t) => t.dropColumn('head_bytes'));
}
