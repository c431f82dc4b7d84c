/** Builds the app's services once, wired together; the app shell provides them as contexts. */
import { VolleyClient, type ApiClient, type SyncRoom } from '@volley/client';
import { CloseCode } from '@volley/shared';
import { db as sharedDb, type VolleyDB } from '../db/db.js';
import { DexieStash } from '../sync/file-stash.js';
import { DexieStorage } from '../sync/room-store.js';
import { SyncManager } from '../sync/sync-manager.js';
import { Channels } from './channels.js';
import { followLastSeq } from './conversations.js';
import { Members } from './members.js';
import { Session } from './session.js';
import { Social } from './social.js';

export interface Services {
  db: VolleyDB;
  /** The client library: every word the app says to the servers goes through it. */
  volley: VolleyClient;
  api: ApiClient;
  sync: SyncManager;
  session: Session;
  social: Social;
  channels: Channels;
  members: Members;
}

/** `origin`: where the API and the sockets live; the page's own origin in the app. */
export function createServices({ origin = location.origin, db = sharedDb } = {}): Services {
  let session: Session | undefined;
  const onRoom = (room: SyncRoom) => {
    followLastSeq(room, db);
    room.socket.closed.add(({ code }) => code === CloseCode.banned && session?.banned());
  };
  const volley = new VolleyClient({ url: origin, storage: new DexieStorage(db), stash: new DexieStash(db), locks: globalThis.navigator?.locks, onRoom });
  const { api } = volley;
  // A logout closes the client's op queue too, before the local data is wiped.
  const sync = new SyncManager({ db, api, rooms: volley.rooms, close: () => volley.close() });
  session = new Session({ api, db, sync });
  // Started offline on the cached user: the op queue and the user's room open from IndexedDB all the same.
  // Files left waiting by the last visit (offline, or a closed tab) go as soon as the user is known.
  session.changed.add((state) => {
    if (state.status !== 'signed-in') return;
    volley.assume(state.user);
    volley.files();
  });
  globalThis.addEventListener?.('online', () => volley.user && volley.files().online());
  return { db, volley, api, sync, session, social: new Social(api, db), channels: new Channels(api, db), members: new Members(api, db) };
}
