import type { Knex } from 'knex';

/**
 * Pong, real-time and server-authoritative, launched from the chat: a rating per
 * user, games (an invitation's or the queue's, with their settings and state) and the matches
 * they end as, with the ratings before and after.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('users', (t) => {
    t.integer('rating').notNullable().defaultTo(1000);
  });
  await db.schema.createTable('games', (t) => {
    t.text('id').primary();
    t.text('status').notNullable();
    t.boolean('ranked').notNullable().defaultTo(true);
    t.jsonb('settings').notNullable();
    // Left and right: the inviter (or the first matched) plays the left side.
    t.text('left_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('right_id').notNullable().references('users.id').onDelete('CASCADE');
    // An invitation's conversation and card; null for a queue's game.
    t.text('conversation_id').references('conversations.id').onDelete('SET NULL');
    t.text('message_id').references('messages.id').onDelete('SET NULL');
    t.timestamp('expires_at', { useTz: true });
    // The game this one is a rematch of.
    t.text('rematch_of').references('games.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('ended_at', { useTz: true });
    // Set by the sync server that posted the result in the conversation: posted once.
    t.timestamp('result_posted_at', { useTz: true });
    t.index(['status', 'expires_at']);
    t.index(['left_id', 'status']);
    t.index(['right_id', 'status']);
  });
  await db.schema.createTable('matches', (t) => {
    t.text('id').primary();
    t.text('game_id').notNullable().unique().references('games.id').onDelete('CASCADE');
    t.text('winner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('loser_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('winner_score').notNullable();
    t.integer('loser_score').notNullable();
    t.text('reason').notNullable();
    t.integer('winner_rating_before').notNullable();
    t.integer('winner_rating_after').notNullable();
    t.integer('loser_rating_before').notNullable();
    t.integer('loser_rating_after').notNullable();
    t.timestamp('ended_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.index(['winner_id', 'ended_at']);
    t.index(['loser_id', 'ended_at']);
  });
  await db.raw('create index users_rating on users (rating desc, id)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists users_rating');
  await db.schema.dropTableIfExists('matches');
  await db.schema.dropTableIfExists('games');
  await db.schema.alterTable('users', (t) => t.dropColumn('rating'));
}
