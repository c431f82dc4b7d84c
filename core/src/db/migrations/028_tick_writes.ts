import type { Knex } from 'knex';

/**
 * The writes of one tick in one round trip (core/src/rooms/update-log.ts): the update log's
 * appends and the plain sends queued meanwhile, in one transaction. Each send is `send_message`
 * (migration 007) in a block of its own, so that one failing send answers `error` for itself
 * (with its error) while the appends and the other sends commit; each answer names its send by its place in the
 * arrays (from 1). Sends lock their conversations in conversation order, so that two instances'
 * ticks never wait on each other in a cycle. Migration 030 adds each send's address (`p_sent_from`).
 * Migration 044 adds each send's segment update built ahead (`built`): stored in the send's block
 * when the message got the seq and segment it was built for, which `stored` tells.
 */
export const tickWritesFunction = ({ sentFrom, built = false }: { sentFrom: boolean; built?: boolean }) => `
create function tick_writes(p_rooms text[], p_updates bytea[], p_ids text[], p_convs text[], p_authors text[], p_bodies text[], p_kinds text[], p_ats timestamptz[], p_sizes int[]${sentFrom ? ', p_sent_from inet[]' : ''}${built ? ', p_built bytea[], p_built_seqs int[], p_built_segments int[]' : ''})
returns table (ord int, outcome text, seq int, segment int, opens_segment boolean, error text${built ? ', stored boolean' : ''})
language plpgsql as $$
#variable_conflict use_column
declare
  i int;
  v_outcome text;
  v_seq int;
  v_segment int;
  v_opens boolean;
  v_error text;${built ? '\n  v_stored boolean;' : ''}
begin
  insert into sync_updates (room, data) select * from unnest(p_rooms, p_updates);
  for i in select t.o from unnest(p_convs) with ordinality as t(conv, o) order by t.conv, t.o loop
    v_error := null;${built ? '\n    v_stored := false;' : ''}
    begin
      select s.outcome, s.seq, s.segment, s.opens_segment into v_outcome, v_seq, v_segment, v_opens
        from send_message(p_ids[i], p_convs[i], p_authors[i], p_bodies[i], p_kinds[i], p_ats[i], p_sizes[i]${sentFrom ? ', p_sent_from[i]' : ''}) s;${
        built
          ? `
      if v_outcome = 'inserted' and p_built[i] is not null and v_seq = p_built_seqs[i] and v_segment = p_built_segments[i] then
        insert into sync_updates (room, data) values ('conv.' || p_convs[i] || '.' || v_segment, p_built[i]);
        v_stored := true;
      end if;`
          : ''
      }
    exception when others then
      v_outcome := 'error';
      v_seq := null;
      v_segment := null;
      v_opens := null;
      v_error := sqlerrm;
    end;
    ord := i;
    outcome := v_outcome;
    seq := v_seq;
    segment := v_segment;
    opens_segment := v_opens;
    error := v_error;${built ? '\n    stored := v_stored;' : ''}
    return next;
  end loop;
end $$`;

export async function up(db: Knex): Promise<void> {
  await db.raw(tickWritesFunction({ sentFrom: false }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function if exists tick_writes(text[], bytea[], text[], text[], text[], text[], text[], timestamptz[], int[])');
}
