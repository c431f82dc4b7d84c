import type { Knex } from 'knex';
import { sendMessageFunction } from './007_send_message.js';
import { tickWritesFunction } from './028_tick_writes.js';

/**
 * A message's `sent_from` is the address of the socket that wrote its op, when the sync server
 * that decided it saw the write, rather than its author's last address: a user on two devices
 * gets each message's own address (docs/architecture.md §5, "Audit log"). The author's last address
 * stays the answer when the writer is not known (an op written through another instance, or
 * before a restart). The parameter makes both functions new overloads: the old ones stay, since
 * the processes of the previous version call them until they are replaced (docs/operations.md,
 * "Upgrade"); a later migration may drop them.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw(sendMessageFunction({ sentFrom: 'socket' }));
  await db.raw(tickWritesFunction({ sentFrom: true }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop function tick_writes(text[], bytea[], text[], text[], text[], text[], text[], timestamptz[], int[], inet[])');
  await db.raw('drop function send_message(text, text, text, text, text, timestamptz, int, inet)');
}
