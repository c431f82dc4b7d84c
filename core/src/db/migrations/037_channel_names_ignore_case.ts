import type { Knex } from 'knex';

/**
 * Channel names are one name in any case: `Games` and `games` cannot both exist, so a name said
 * aloud finds one channel. A tournament's room is a private channel named after its tournament,
 * whose names repeat: it is marked `tournament` and left out of the rule (and of the directory).
 * Names that already collide are kept apart first: every channel after the oldest of a name gets
 * a suffix (`games-2`), cut to fit the 40 characters a name may have, so the index always builds.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table conversations add column tournament boolean not null default false');
  await db.raw('update conversations set tournament = true where id in (select conversation_id from tournaments where conversation_id is not null)');
  const rows: { id: string; name: string }[] = (
    await db.raw(`
      select id, name from (
        select id, name, row_number() over (partition by lower(name) order by created_at, id) as place
        from conversations where kind = 'channel' and not tournament
      ) ranked where place > 1 order by lower(name), place`)
  ).rows;
  const taken = new Set<string>(
    ((await db('conversations').where({ kind: 'channel', tournament: false }).select('name')) as { name: string }[]).map((r) => r.name.toLowerCase()),
  );
  for (const row of rows) {
    let n = 2;
    let name: string;
    do {
      const suffix = `-${n++}`;
      name = row.name.slice(0, 40 - suffix.length) + suffix;
    } while (taken.has(name.toLowerCase()));
    taken.add(name.toLowerCase());
    await db('conversations').where({ id: row.id }).update({ name });
  }
  await db.raw("create unique index conversations_channel_name_lower on conversations (lower(name)) where kind = 'channel' and not tournament");
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index conversations_channel_name_lower');
  await db.raw('alter table conversations drop column tournament');
}
