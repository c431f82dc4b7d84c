import type { Knex } from 'knex';
import { sendMessageFunction } from './007_send_message.js';

/**
 * The refusals of op frames (sync-server/src/outbox/op-refusals.ts), so that an op re-sent to another
 * sync server after a reconnect gets its first answer rather than a second decision: what was
 * accepted is recorded already (a message under its op id, an edit, deletion or reaction in
 * `message_ops`). `rate_limited` is not a refusal kept here: the client sends the op again under
 * its id. `send_message` leaves such an op to the full decision, which answers the refusal.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('op_refusals', (t) => {
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('op_id').notNullable();
    t.text('reason').notNullable();
    t.text('detail');
    t.timestamp('decided_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['user_id', 'op_id']);
  });
  await db.raw(sendMessageFunction({ sentFrom: 'socket', refusals: true }));
}

export async function down(db: Knex): Promise<void> {
  await db.raw(sendMessageFunction({ sentFrom: 'socket' }));
  await db.schema.dropTable('op_refusals');
}
