import type { Knex } from 'knex';
import * as initial from './migrations/001_initial.js';
import * as social from './migrations/002_social.js';
import * as chat from './migrations/003_chat.js';
import * as messageOps from './migrations/004_message_ops.js';
import * as games from './migrations/005_games.js';
import * as messageSegments from './migrations/006_message_segments.js';
import * as sendMessage from './migrations/007_send_message.js';
import * as messagesCreatedAt from './migrations/008_messages_created_at.js';
import * as messageIncomplete from './migrations/019_message_incomplete.js';

type Migration = { up: (db: Knex) => Promise<void>; down: (db: Knex) => Promise<void> };

// Listed here rather than read from a folder, so the same list works from src (tests) and dist.
const migrations: [string, Migration][] = [
  ['001_initial', initial],
  ['002_social', social],
  ['003_chat', chat],
  ['004_message_ops', messageOps],
  ['005_games', games],
  ['006_message_segments', messageSegments],
  ['007_send_message', sendMessage],
  ['008_messages_created_at', messagesCreatedAt],
  ['019_message_incomplete', messageIncomplete],
];

const source: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/** Brings the schema up to date; safe to run from several processes at once (knex's migration lock). */
export async function migrate(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: source });
}
