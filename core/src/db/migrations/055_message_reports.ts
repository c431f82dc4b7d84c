import type { Knex } from 'knex';

/**
 * Reports of messages to the site's moderators (docs/architecture.md §5, "Reports"). A report
 * names the message and why; `disclosed` is the text the reporter chose to show the moderators —
 * for an encrypted message the only readable copy the server ever holds, given by a member who
 * could read it. One report per reporter and message: reporting again changes nothing.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('message_reports', (t) => {
    t.text('id').primary();
    t.text('message_id').notNullable().references('messages.id').onDelete('CASCADE');
    t.text('conversation_id').notNullable();
    t.text('reporter_id').references('users.id').onDelete('SET NULL');
    t.text('reason').notNullable();
    t.text('note').notNullable().defaultTo('');
    t.text('disclosed');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('resolved_at', { useTz: true });
    t.text('resolved_by').references('users.id').onDelete('SET NULL');
    t.unique(['message_id', 'reporter_id']);
  });
  await db.raw('create index message_reports_open on message_reports (created_at) where resolved_at is null');
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('message_reports');
}
