/** Builds the app's services once, wired together; the app shell provides them as contexts. */
import { db as sharedDb, type VolleyDB } from '../db/db.js';
import { SyncManager } from '../sync/sync-manager.js';
import { ApiClient } from './api-client.js';
import { Channels } from './channels.js';
import { Members } from './members.js';
import { Session } from './session.js';
import { Social } from './social.js';

export interface Services {
  db: VolleyDB;
  api: ApiClient;
  sync: SyncManager;
  session: Session;
  social: Social;
  channels: Channels;
  members: Members;
}

/** `origin`: where the API and the sync sockets live; the page's own origin in the app. */
export function createServices({ origin = location.origin, db = sharedDb } = {}): Services {
  const api = new ApiClient({ base: `${origin}/api/v1` });
  const sync = new SyncManager({ db, api, url: `${origin.replace(/^http/, 'ws')}/sync` });
  const session = new Session({ api, db, sync });
  return { db, api, sync, session, social: new Social(api, db), channels: new Channels(api, db), members: new Members(api, db) };
}
