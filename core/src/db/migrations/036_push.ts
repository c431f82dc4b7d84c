import type { Knex } from 'knex';

/**
 * Web Push: each device's subscription (its endpoint is unique: a device that subscribes again
 * replaces its row), the queue of pushes waiting to be decided and sent, and the account's
 * notification settings (null: the defaults).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('push_subscriptions', (t) => {
    t.text('id').primary();
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('session_id').nullable();
    t.text('endpoint').notNullable().unique();
    t.text('p256dh').notNullable();
    t.text('auth').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['user_id']);
  });
  await db.schema.createTable('push_queue', (t) => {
    t.bigIncrements('id');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.jsonb('push').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
  });
  await db.schema.alterTable('users', (t) => t.jsonb('notification_settings').nullable());
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => t.dropColumn('notification_settings'));
  await db.schema.dropTable('push_queue');
  await db.schema.dropTable('push_subscriptions');
}
