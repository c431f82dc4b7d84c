import { SEGMENT_MAX_BYTES } from '@volley/shared';
import type { Knex } from 'knex';

/**
 * The tick's writes as lean as the plain case allows (docs/architecture.md §4, "A plain send costs
 * no round trip of its own"): `tick_writes` (migrations 028, 044) gives each send a block of its own
 * (a subtransaction per message, so that one failing send fails alone) and asks before each insert
 * whether a message already has the op id. This one records every plain send of the tick in one
 * transaction, with no block, and leaves duplicates to the primary key (a send whose op id is
 * taken answers `check`, its conversation untouched). Any other error fails the whole statement,
 * and the caller runs the tick again through `tick_writes`, where that send fails alone. The rules
 * of a plain send are `send_message`'s (migrations 007, 030, 034, 035), inlined: the conversation
 * row locked, its author a member, not muted, not blocked either way in a DM, the op not refused
 * before; anything else `check`.
 *
 * `segment_after` (migration 035) becomes PL/pgSQL, the same rule: as a SQL function holding a
 * subquery it could not be inlined, and PostgreSQL parsed and planned its body again at every
 * call, a seventh of the plain send's time in the database; PL/pgSQL keeps its plan for the
 * connection's life. And the function's statements keep one plan each (\`plan_cache_mode\`): with
 * arrays for parameters, PostgreSQL found a plan made for the values at hand cheaper every time,
 * and planned the statements again at every call.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(`
create or replace function segment_after(p_conv text, p_head int, p_head_bytes int, p_seq int, p_size int, p_bytes int) returns int language plpgsql stable as $$
begin
  if (p_head_bytes > 0 and p_head_bytes + p_bytes > ${SEGMENT_MAX_BYTES})
    or exists (select 1 from messages o where o.conversation_id = p_conv and o.seq = p_seq - p_size and o.segment = p_head) then
    return p_head + 1;
  end if;
  return p_head;
end $$`);
  await db.raw(`
create function tick_writes_all_or_none(p_rooms text[], p_updates bytea[], p_ids text[], p_convs text[], p_authors text[], p_bodies text[], p_kinds text[], p_ats timestamptz[], p_sizes int[], p_sent_from inet[], p_built bytea[], p_built_seqs int[], p_built_segments int[])
returns table (ord int, outcome text, seq int, segment int, opens_segment boolean, error text, stored boolean)
language plpgsql set plan_cache_mode = force_generic_plan as $$
#variable_conflict use_column
declare
  i int;
  c record;
  peer text;
  v_bytes int;
  v_seq int;
  v_segment int;
begin
  insert into sync_updates (room, data) select * from unnest(p_rooms, p_updates);
  for i in select t.o from unnest(p_convs) with ordinality as t(conv, o) order by t.conv, t.o loop
    ord := i;
    outcome := 'check';
    seq := null;
    segment := null;
    opens_segment := null;
    error := null;
    stored := false;
    select id, kind, dm_key, last_seq, head_segment, head_bytes into c from conversations where id = p_convs[i] for update;
    if not found then
      return next;
      continue;
    end if;
    peer := case when split_part(c.dm_key, ':', 1) = p_authors[i] then split_part(c.dm_key, ':', 2) else split_part(c.dm_key, ':', 1) end;
    if exists (select 1 from conversation_members m where m.conversation_id = p_convs[i] and m.user_id = p_authors[i] and (m.muted_until is null or m.muted_until <= now()))
      and not (c.kind = 'dm' and exists (select 1 from blocks b
        where (b.blocker_id = p_authors[i] and b.blocked_id = peer) or (b.blocker_id = peer and b.blocked_id = p_authors[i])))
      and not exists (select 1 from op_refusals r where r.user_id = p_authors[i] and r.op_id = p_ids[i]) then
      v_seq := c.last_seq + 1;
      v_bytes := message_bytes(p_bodies[i]);
      v_segment := segment_after(p_convs[i], c.head_segment, c.head_bytes, v_seq, p_sizes[i], v_bytes);
      insert into messages (id, conversation_id, seq, segment, author_id, body, kind, created_at, sent_from)
        values (p_ids[i], p_convs[i], v_seq, v_segment, p_authors[i], p_bodies[i], p_kinds[i], p_ats[i],
          coalesce(p_sent_from[i], (select last_address from users where id = p_authors[i])))
        on conflict (id) do nothing;
      if not found then
        return next;
        continue;
      end if;
      update conversations set last_seq = v_seq, head_segment = v_segment,
        head_bytes = case when v_segment > c.head_segment then 0 else c.head_bytes end + v_bytes where id = p_convs[i];
      outcome := 'inserted';
      seq := v_seq;
      segment := v_segment;
      opens_segment := v_segment > c.head_segment;
      if p_built[i] is not null and v_seq = p_built_seqs[i] and v_segment = p_built_segments[i] then
        insert into sync_updates (room, data) values ('conv.' || p_convs[i] || '.' || v_segment, p_built[i]);
        stored := true;
      end if;
    end if;
    return next;
  end loop;
end $$`);
}

export async function down(db: Knex): Promise<void> {
  await db.raw(`
    create or replace function segment_after(p_conv text, p_head int, p_head_bytes int, p_seq int, p_size int, p_bytes int) returns int language sql stable as $$
      select p_head + case when (p_head_bytes > 0 and p_head_bytes + p_bytes > ${SEGMENT_MAX_BYTES})
        or exists (select 1 from messages o where o.conversation_id = p_conv and o.seq = p_seq - p_size and o.segment = p_head)
        then 1 else 0 end
    $$`);
  await db.raw('drop function tick_writes_all_or_none(text[], bytea[], text[], text[], text[], text[], text[], timestamptz[], int[], inet[], bytea[], int[], int[])');
}
