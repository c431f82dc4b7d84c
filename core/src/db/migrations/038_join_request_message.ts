import type { Knex } from 'knex';

/** A request to join a private channel carries a few words for its admins, if the requester wrote any. */
export async function up(db: Knex): Promise<void> {
  await db.raw('alter table join_requests add column message text');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('alter table join_requests drop column message');
}
