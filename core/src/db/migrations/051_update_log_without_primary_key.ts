import type { Knex } from 'knex';

/**
 * The update log's rows are read by room, in the order of their ids (`sync_updates_room_id_index`):
 * loading a room, compacting it (core/src/rooms/update-log.ts, which deletes the rows it read by
 * room and id). No one looks a row up by its id alone, so the primary key's index was one more
 * B-tree entry and WAL record for every row appended — one a message, since a plain send's segment
 * update is a row (docs/architecture.md §4). The ids still come from their sequence, unique and in
 * the order appended.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table sync_updates drop constraint sync_updates_pkey');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table sync_updates add primary key (id)');
}
