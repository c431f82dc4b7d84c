import { SEGMENT_MAX_BYTES } from '@volley/shared';
import type { Knex } from 'knex';
import { up as tickWritesAllOrNone } from './045_tick_writes_all_or_none.js';

/**
 * The plain send with fewer statements inside the database (docs/architecture.md §4, "A plain send
 * costs no round trip of its own"). Each statement a PL/pgSQL function runs is started and ended by
 * the executor, and at one or two messages a tick that weighs as much as the rows (a CPU profile
 * of the backend: the executor's start alone an eighth of its time). The rules are migration
 * 045's, unchanged, in fewer queries: the plain case (a member, not muted, not blocked either way
 * in a DM, the op not refused before) is checked in the statement that locks the conversation;
 * `segment_after`'s rule is written inline, the query on `messages` it holds runs after the lock
 * as before (its snapshot then sees every message committed before); the tick's appends are
 * inserted only when there are some, and its sends sorted by conversation only when there are
 * several. Measured alone (one send a statement, two backends interleaved in blocks of 100, 2026-11-25,
 * load 9–16): 3–9 % less of the backend's CPU per message.
 *
 * And `messages.created_at` is indexed by block ranges (BRIN) rather than by a B-tree: messages
 * are appended in time order, so a range of heap pages covers a range of times; its two readers
 * (a starting sync server's recent segments, the audit log's retention) ask for ranges; and an
 * insert adds no index entry and no WAL record (the newest pages are unsummarized, and always read).
 *
 * `plainAlso`: a condition the plain case must also meet, which a later migration adds.
 */
export const tickWritesSource = (plainAlso = ''): string => `
create or replace function tick_writes_all_or_none(p_rooms text[], p_updates bytea[], p_ids text[], p_convs text[], p_authors text[], p_bodies text[], p_kinds text[], p_ats timestamptz[], p_sizes int[], p_sent_from inet[], p_built bytea[], p_built_seqs int[], p_built_segments int[])
returns table (ord int, outcome text, seq int, segment int, opens_segment boolean, error text, stored boolean)
language plpgsql set plan_cache_mode = force_generic_plan as $$
#variable_conflict use_column
declare
  i int;
  c record;
  v_bytes int;
  v_seq int;
  v_segment int;
  v_order int[];
begin
  if cardinality(p_rooms) > 0 then
    insert into sync_updates (room, data) select * from unnest(p_rooms, p_updates);
  end if;
  -- Conversations are locked in their order, so that two instances' ticks never wait on each other in a cycle.
  if cardinality(p_convs) > 1 then
    select array_agg(t.o order by t.conv, t.o) into v_order from unnest(p_convs) with ordinality as t(conv, o);
  elsif cardinality(p_convs) = 1 then
    v_order := array[1];
  end if;
  foreach i in array coalesce(v_order, '{}') loop
    ord := i;
    outcome := 'check';
    seq := null;
    segment := null;
    opens_segment := null;
    error := null;
    stored := false;
    select cv.last_seq, cv.head_segment, cv.head_bytes,
        exists (select 1 from conversation_members m where m.conversation_id = cv.id and m.user_id = p_authors[i] and (m.muted_until is null or m.muted_until <= now()))
        and not (cv.kind = 'dm' and exists (select 1 from blocks b
          where (b.blocker_id = p_authors[i] and b.blocked_id = dm.peer) or (b.blocker_id = dm.peer and b.blocked_id = p_authors[i])))
        and not exists (select 1 from op_refusals r where r.user_id = p_authors[i] and r.op_id = p_ids[i])${plainAlso} as plain
      into c
      from conversations cv, lateral (select case when split_part(cv.dm_key, ':', 1) = p_authors[i] then split_part(cv.dm_key, ':', 2) else split_part(cv.dm_key, ':', 1) end as peer) dm
      where cv.id = p_convs[i] for update of cv;
    if not found or not c.plain then
      return next;
      continue;
    end if;
    v_seq := c.last_seq + 1;
    v_bytes := message_bytes(p_bodies[i]);
    v_segment := c.head_segment;
    if (c.head_bytes > 0 and c.head_bytes + v_bytes > ${SEGMENT_MAX_BYTES})
      or exists (select 1 from messages o where o.conversation_id = p_convs[i] and o.seq = v_seq - p_sizes[i] and o.segment = c.head_segment) then
      v_segment := c.head_segment + 1;
    end if;
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
    return next;
  end loop;
end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw(tickWritesSource());
  await db.raw('drop index messages_created_at');
  await db.raw('create index messages_created_at on messages using brin (created_at)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index messages_created_at');
  await db.raw('create index messages_created_at on messages (created_at)');
  await db.raw('drop function tick_writes_all_or_none(text[], bytea[], text[], text[], text[], text[], text[], timestamptz[], int[], inet[], bytea[], int[], int[])');
  await tickWritesAllOrNone(db);
}
