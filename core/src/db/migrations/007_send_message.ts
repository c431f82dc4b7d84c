import type { Knex } from 'knex';

/**
 * A plain send in one round trip (sync-server/src/outbox/send-message.ts): a function, because each of
 * its statements takes a fresh snapshot once the conversation row is locked, so it sees every
 * message committed before — a second instance deciding the same op finds the first one's message.
 *
 * It records only a send that is plainly allowed: the author a member, not muted, in a DM blocked
 * neither way, and no message under the op id yet. Anything else answers `check`, and the caller
 * decides it by the full rules (refusal reasons, replays), which stay in one place, the caller's.
 * Migration 029 has it fill `sent_from` itself (the address column of migration 024) with the
 * author's last address, and migration 030 with the address of the socket that wrote the op,
 * when the caller knows it (`p_sent_from`). Migration 034 has it leave to the caller an op id its
 * author was refused before (`op_refusals`), so that the op keeps its first answer.
 */
const SENT_FROM = {
  author: '(select last_address from users where id = p_author)',
  socket: 'coalesce(p_sent_from, (select last_address from users where id = p_author))',
};

/**
 * `sealBytes` (migration 035): the head segment is also sealed by bytes, through `segment_after`,
 * and the conversation's `head_bytes` follows.
 */
export const sendMessageFunction = ({ sentFrom, refusals = false, sealBytes = false }: { sentFrom: false | keyof typeof SENT_FROM; refusals?: boolean; sealBytes?: boolean }) => `
create or replace function send_message(p_id text, p_conv text, p_author text, p_body text, p_kind text, p_at timestamptz, p_segment_size int${sentFrom === 'socket' ? ', p_sent_from inet' : ''})
returns table (outcome text, seq int, segment int, opens_segment boolean)
language plpgsql as $$
#variable_conflict use_column
declare
  c record;
  peer text;
  next_seq int;
  next_segment int;
begin
  select id, kind, dm_key, last_seq, head_segment${sealBytes ? ', head_bytes' : ''} into c from conversations where id = p_conv for update;
  if not found then
    return query select 'check'::text, null::int, null::int, null::boolean;
    return;
  end if;
  -- A DM's key is 'a:b': the other one is the peer.
  peer := case when split_part(c.dm_key, ':', 1) = p_author then split_part(c.dm_key, ':', 2) else split_part(c.dm_key, ':', 1) end;
  if not exists (select 1 from conversation_members m where m.conversation_id = p_conv and m.user_id = p_author and (m.muted_until is null or m.muted_until <= now()))
    or (c.kind = 'dm' and exists (select 1 from blocks b
          where (b.blocker_id = p_author and b.blocked_id = peer) or (b.blocker_id = peer and b.blocked_id = p_author)))
    or exists (select 1 from messages where id = p_id)${refusals ? '\n    or exists (select 1 from op_refusals r where r.user_id = p_author and r.op_id = p_id)' : ''} then
    return query select 'check'::text, null::int, null::int, null::boolean;
    return;
  end if;
  next_seq := c.last_seq + 1;${
    sealBytes
      ? `
  next_segment := segment_after(p_conv, c.head_segment, c.head_bytes, next_seq, p_segment_size, message_bytes(p_body));
  update conversations set last_seq = next_seq, head_segment = next_segment,
    head_bytes = case when next_segment > c.head_segment then 0 else c.head_bytes end + message_bytes(p_body) where id = p_conv;`
      : `
  -- Seqs are contiguous: the head is full when it already holds message next_seq - size.
  next_segment := c.head_segment + case when exists (
    select 1 from messages o where o.conversation_id = p_conv and o.seq = next_seq - p_segment_size and o.segment = c.head_segment) then 1 else 0 end;
  update conversations set last_seq = next_seq, head_segment = next_segment where id = p_conv;`
  }
  insert into messages (id, conversation_id, seq, segment, author_id, body, kind, created_at${sentFrom ? ', sent_from' : ''})
    values (p_id, p_conv, next_seq, next_segment, p_author, p_body, p_kind, p_at${sentFrom ? `, ${SENT_FROM[sentFrom]}` : ''});
  return query select 'inserted'::text, next_seq, next_segment, next_segment > c.head_segment;
end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw(sendMessageFunction({ sentFrom: false }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function if exists send_message(text, text, text, text, text, timestamptz, int)');
}
