import type { Knex } from 'knex';

/**
 * Tournaments (docs/architecture.md §9): the tournament and its players, who may register when it
 * is invite-only, the posts the sync server writes into its conversation, and the bracket as
 * `brackets-manager` models it (stages, groups, rounds, matches, participants), stored through its
 * storage adapter (api/src/tournaments/bracket-storage.ts). Bracket ids are integers, as the
 * library compares them; each bracket row carries its tournament, so an adapter sees only its own.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('tournaments', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('owner_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('format').notNullable();
    t.integer('size').notNullable();
    t.jsonb('settings').notNullable();
    t.boolean('invite_only').notNullable().defaultTo(false);
    // Null: the tournament starts once full.
    t.timestamp('registration_ends_at', { useTz: true });
    t.integer('no_show_ms').notNullable();
    t.text('status').notNullable();
    t.text('conversation_id').references('conversations.id').onDelete('SET NULL');
    t.text('winner_id').references('users.id').onDelete('SET NULL');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.timestamp('started_at', { useTz: true });
    t.timestamp('ended_at', { useTz: true });
    t.index(['status', 'registration_ends_at']);
  });
  await db.schema.createTable('tournament_players', (t) => {
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    // The rating the seeding used, and the seed (1 = best), set when the tournament starts.
    t.integer('rating');
    t.integer('seed');
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.primary(['tournament_id', 'user_id']);
    t.index(['user_id', 'tournament_id']);
  });
  await db.schema.createTable('tournament_invites', (t) => {
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.text('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.primary(['tournament_id', 'user_id']);
  });
  // A system message for the tournament's conversation, posted once by the sync server that claims it.
  await db.schema.createTable('tournament_posts', (t) => {
    t.text('id').primary();
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.text('body').notNullable();
    t.timestamp('posted_at', { useTz: true });
    t.index(['tournament_id', 'posted_at']);
  });

  await db.schema.createTable('tournament_participants', (t) => {
    t.increments('id');
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    // The user id: the library maps seeding to participants by name, and user ids are unique.
    t.text('name').notNullable();
    t.unique(['tournament_id', 'name']);
  });
  await db.schema.createTable('tournament_stages', (t) => {
    t.increments('id');
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('type').notNullable();
    t.jsonb('settings').notNullable();
    t.integer('number').notNullable();
  });
  await db.schema.createTable('tournament_groups', (t) => {
    t.increments('id');
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.integer('stage_id').notNullable();
    t.integer('number').notNullable();
  });
  await db.schema.createTable('tournament_rounds', (t) => {
    t.increments('id');
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.integer('stage_id').notNullable();
    t.integer('group_id').notNullable();
    t.integer('number').notNullable();
  });
  await db.schema.createTable('tournament_matches', (t) => {
    t.increments('id');
    t.text('tournament_id').notNullable().references('tournaments.id').onDelete('CASCADE');
    t.integer('stage_id').notNullable();
    t.integer('group_id').notNullable();
    t.integer('round_id').notNullable();
    t.integer('number').notNullable();
    t.integer('child_count').notNullable();
    t.integer('status').notNullable();
    t.jsonb('opponent1');
    t.jsonb('opponent2');
    // Ours, not the library's: the game the match is being played as.
    t.text('game_id').references('games.id').onDelete('SET NULL');
    t.index(['tournament_id', 'status']);
    t.index(['game_id']);
  });
  // The clock's sweep, every second in every api process, looks only at matches being played.
  await db.raw('create index tournament_matches_playing on tournament_matches (tournament_id) where status in (2, 3)');
  await db.schema.alterTable('games', (t) => {
    t.text('tournament_id').references('tournaments.id').onDelete('SET NULL');
    // A tournament game's players must both be there by then, or the absent one forfeits.
    t.timestamp('show_by', { useTz: true });
    t.index(['tournament_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('games', (t) => t.dropColumns('tournament_id', 'show_by'));
  for (const table of ['tournament_matches', 'tournament_rounds', 'tournament_groups', 'tournament_stages', 'tournament_participants', 'tournament_posts', 'tournament_invites', 'tournament_players', 'tournaments']) {
    await db.schema.dropTableIfExists(table);
  }
}
