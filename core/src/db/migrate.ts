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
import * as bots from './migrations/020_bots.js';
import * as refreshClient from './migrations/021_refresh_client.js';
import * as gameResultMessage from './migrations/022_game_result_message.js';
import * as siteAdmin from './migrations/024_site_admin.js';
import * as account from './migrations/026_account.js';
import * as oauthIdentities from './migrations/027_oauth_identities.js';
import * as tickWrites from './migrations/028_tick_writes.js';
import * as lighterMessageRow from './migrations/029_lighter_message_row.js';
import * as sentFromTheWritingSocket from './migrations/030_sent_from_the_writing_socket.js';
import * as endedSessions from './migrations/031_ended_sessions.js';
import * as tournaments from './migrations/032_tournaments.js';
import * as tournamentVersion from './migrations/033_tournament_version.js';
import * as opRefusals from './migrations/034_op_refusals.js';
import * as segmentsSealedByBytes from './migrations/035_segments_sealed_by_bytes.js';
import * as attachments from './migrations/040_attachments.js';
import * as messageAttachments from './migrations/041_message_attachments.js';
import * as linkPreviews from './migrations/042_link_previews.js';
import * as push from './migrations/036_push.js';
import * as channelNamesIgnoreCase from './migrations/037_channel_names_ignore_case.js';
import * as joinRequestMessage from './migrations/038_join_request_message.js';
import * as channelInviteLinks from './migrations/039_channel_invite_links.js';
import * as pinsAndAccents from './migrations/043_pins_and_accents.js';
import * as segmentUpdateWithItsSend from './migrations/044_segment_update_with_its_send.js';
import * as tickWritesAllOrNone from './migrations/045_tick_writes_all_or_none.js';
import * as messageRowAndItsIndexes from './migrations/046_message_row_and_its_indexes.js';
import * as stickers from './migrations/047_stickers.js';
import * as stickerMessages from './migrations/048_sticker_messages.js';
import * as stickerPackEnabled from './migrations/049_sticker_pack_enabled.js';
import * as leanerPlainSend from './migrations/050_leaner_plain_send.js';
import * as updateLogWithoutPrimaryKey from './migrations/051_update_log_without_primary_key.js';
import * as mutesOutliveMembership from './migrations/052_mutes_outlive_membership.js';
import * as encryptedConversations from './migrations/053_encrypted_conversations.js';
import * as tournamentsByConversation from './migrations/054_tournaments_by_conversation.js';
import * as messageReports from './migrations/055_message_reports.js';

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
  ['020_bots', bots],
  ['021_refresh_client', refreshClient],
  ['022_game_result_message', gameResultMessage],
  ['024_site_admin', siteAdmin],
  ['026_account', account],
  ['027_oauth_identities', oauthIdentities],
  ['028_tick_writes', tickWrites],
  ['029_lighter_message_row', lighterMessageRow],
  ['030_sent_from_the_writing_socket', sentFromTheWritingSocket],
  ['031_ended_sessions', endedSessions],
  ['032_tournaments', tournaments],
  ['033_tournament_version', tournamentVersion],
  ['034_op_refusals', opRefusals],
  ['035_segments_sealed_by_bytes', segmentsSealedByBytes],
  ['036_push', push],
  ['037_channel_names_ignore_case', channelNamesIgnoreCase],
  ['038_join_request_message', joinRequestMessage],
  ['039_channel_invite_links', channelInviteLinks],
  ['040_attachments', attachments],
  ['041_message_attachments', messageAttachments],
  ['042_link_previews', linkPreviews],
  ['043_pins_and_accents', pinsAndAccents],
  ['044_segment_update_with_its_send', segmentUpdateWithItsSend],
  ['045_tick_writes_all_or_none', tickWritesAllOrNone],
  ['046_message_row_and_its_indexes', messageRowAndItsIndexes],
  ['047_stickers', stickers],
  ['048_sticker_messages', stickerMessages],
  ['049_sticker_pack_enabled', stickerPackEnabled],
  ['050_leaner_plain_send', leanerPlainSend],
  ['051_update_log_without_primary_key', updateLogWithoutPrimaryKey],
  ['052_mutes_outlive_membership', mutesOutliveMembership],
  ['053_encrypted_conversations', encryptedConversations],
  ['054_tournaments_by_conversation', tournamentsByConversation],
  ['055_message_reports', messageReports],
];

const source: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/**
 * Brings the schema up to date; safe to run from any number of processes at once. On PostgreSQL one
 * process migrates under a session advisory lock (keyed by the schema) while the others wait for it,
 * then find nothing left to do: knex's own lock table fails the losers of a race ("migration is
 * locked", or a duplicate key creating its tables) instead of making them wait. A process that dies
 * holding the lock releases it with its connection. PGlite is one process and needs none.
 */
export async function migrate(db: Knex): Promise<void> {
  if (db.client.config.client !== 'pg') return void (await db.migrate.latest({ migrationSource: source }));
  const connection: unknown = await db.client.acquireConnection();
  const lock = (sql: string) => db.raw(sql, [LOCK_CLASS]).connection(connection);
  try {
    await lock('select pg_advisory_lock(hashtext(?), hashtext(current_schema()))');
    try {
      await db.migrate.latest({ migrationSource: source });
    } finally {
      await lock('select pg_advisory_unlock(hashtext(?), hashtext(current_schema()))');
    }
  } finally {
    await db.client.releaseConnection(connection);
  }
}

const LOCK_CLASS = 'volley.migrate';

/** Whether every migration this code knows has run (a process is not ready before). */
export async function migrationsDone(db: Knex): Promise<boolean> {
  const [, pending] = (await db.migrate.list({ migrationSource: source })) as [unknown[], unknown[]];
  return pending.length === 0;
}
