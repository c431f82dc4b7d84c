/**
 * Builds the app's services once, wired together; the app shell provides them as contexts. What
 * the first render needs (the API client, Dexie, the session and the cached lists) is made at once;
 * the client library's rooms, outboxes and storage (Yjs) and the sync rooms on them are a step of
 * their own (services/client-step.ts), loaded after the first page has painted: `client()`.
 */
import { ApiClient, apiBase } from '@volley/client';
import { db as sharedDb, type VolleyDB } from '../db/db.js';
import type { ClientServices } from './client-step.js';
import { Channels } from './channels.js';
import { Members } from './members.js';
import { Session } from './session.js';
import { Social } from './social.js';

export interface Services {
  db: VolleyDB;
  api: ApiClient;
  session: Session;
  social: Social;
  channels: Channels;
  members: Members;
  /** Loads the client library's step (once) and makes it. */
  client(): Promise<ClientServices>;
}

/** `origin`: where the API and the sockets live; the page's own origin in the app. */
export function createServices({ origin = location.origin, db = sharedDb } = {}): Services {
  const api = new ApiClient({ base: apiBase(origin), locks: globalThis.navigator?.locks });
  let loading: Promise<ClientServices> | undefined;
  const client = (): Promise<ClientServices> =>
    (loading ??= import('./client-step.js').then(({ createClient }) => createClient({ origin, db, api, session })));
  // A logout closes the client's rooms and op queue, before the local data is wiped; not loaded yet, none are open.
  const closeAll = async (): Promise<void> => {
    if (loading) await (await loading).sync.closeAll();
  };
  const session = new Session({ api, db, sync: { closeAll } });
  return { db, api, session, social: new Social(api, db), channels: new Channels(api, db), members: new Members(api, db), client };
}
