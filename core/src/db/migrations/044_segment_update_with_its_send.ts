import type { Knex } from 'knex';
import { tickWritesFunction } from './028_tick_writes.js';

/**
 * A plain send may carry its segment's update, built ahead by the instance holding the head
 * segment for the seq and segment it expects (docs/architecture.md §4, "A plain send costs no
 * round trip of its own"): `tick_writes` stores it with the message, in the same commit, when the
 * message got that seq and segment, and says so (`stored`). A new overload: the previous one stays
 * for the processes of the previous version until they are replaced (docs/operations.md, "Upgrade").
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(tickWritesFunction({ sentFrom: true, built: true }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function tick_writes(text[], bytea[], text[], text[], text[], text[], text[], timestamptz[], int[], inet[], bytea[], int[], int[])');
}
