/**
 * The client library's rooms, outboxes and storage (Yjs) and the sync rooms on them: a step the
 * shell loads after the first page has painted (services/services.ts), on the API client and the
 * session it made at once.
 */
import { VolleyClient, type ApiClient, type SyncRoom } from '@volley/client';
import { liveQuery } from 'dexie';
import { CloseCode } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import { withLaterMessages } from '../i18n/i18n.js';
import { DexieStash } from '../sync/file-stash.js';
import { DexieStorage } from '../sync/room-store.js';
import { SyncManager } from '../sync/sync-manager.js';
import { followLastSeq } from './follow-last-seq.js';
import type { Session, SessionState } from './session.js';

/** The client library and the sync rooms, once their step has loaded. */
export interface ClientServices {
  /** The client library: it shares the shell's API client, and every room and op goes through it. */
  volley: VolleyClient;
  sync: SyncManager;
}

export function createClient({ origin, db, api, session }: { origin: string; db: VolleyDB; api: ApiClient; session: Session }): ClientServices {
  const onRoom = (room: SyncRoom) => {
    followLastSeq(room, db);
    room.socket.closed.add(({ code }) => code === CloseCode.banned && session.banned());
  };
  // The crypto comes with the first file message of an encrypted conversation, sent now or left waiting by the last visit.
  const sealer = () => withLaterMessages(() => import('../e2ee/e2ee.js')).then(({ fileSealer }) => fileSealer(volley, db));
  const volley: VolleyClient = new VolleyClient({ url: origin, api, storage: new DexieStorage(db), stash: new DexieStash(db), onRoom, sealer });
  // A logout closes the client's op queue too, before the local data is wiped.
  const sync = new SyncManager({ db, api, rooms: volley.rooms, close: () => volley.close() });
  // Started offline on the cached user: the op queue and the user's room open from IndexedDB all the same.
  // Files left waiting by the last visit (offline, or a closed tab) go as soon as the user is known.
  const signedIn = (state: SessionState): void => {
    if (state.status !== 'signed-in') return;
    volley.assume(state.user);
    volley.files();
  };
  session.changed.add(signedIn);
  signedIn(session.state);
  // Each browser profile is a device for end-to-end encrypted DMs (docs/architecture.md §11), made as
  // soon as a person signs in or registers here (signed out, then signed in, in this page), so that a
  // DM opened with them is encrypted from its first message. Not on a restored session's start: the
  // crypto's WebAssembly stays out of the first load; such a profile makes its device when it first
  // shows an encrypted conversation.
  // An encrypted conversation's newest message that came while it was not open is read in the
  // background (each once here), so the list tells what it says; the crypto is fetched then.
  const asked = new Set<string>();
  liveQuery(() => db.conversations.toArray()).subscribe((conversations) => {
    const unread = conversations.filter(({ encrypted, lastMessage: last, sealedPreview }) => encrypted && last?.id && !last.deleted && !last.preview && (sealedPreview?.id !== last.id || sealedPreview.author !== last.author) && !asked.has(last.id));
    if (unread.length === 0 || !volley.user) return;
    for (const { lastMessage } of unread) asked.add(lastMessage!.id!);
    void withLaterMessages(() => import('../e2ee/list-previews.js'))
      .then(({ readNewest }) => readNewest(volley, db, unread))
      .catch(() => undefined);
  });
  const makeDevice = (): void => void withLaterMessages(() => import('../e2ee/e2ee.js')).then(({ deviceOf }) => deviceOf(volley, db)).catch(() => undefined);
  let status = session.state.status;
  // A sign-in with the OAuth provider comes back in a new page, marked by the api: a sign-in here
  // all the same. Read from the page's arrival: the router may have moved on since (the chat page to
  // its first conversation).
  const arrival = performance.getEntriesByType('navigation')[0]?.name;
  if (arrival && new URL(arrival).searchParams.has('signed_in')) {
    if (new URLSearchParams(location.search).has('signed_in')) history.replaceState(history.state, '', location.pathname + location.hash);
    if (status === 'signed-in') makeDevice();
    else status = 'signed-out';
  }
  session.changed.add((state) => {
    if (status === 'signed-out' && state.status === 'signed-in') makeDevice();
    if (status === 'signed-in' && state.status === 'signed-out') void withLaterMessages(() => import('../e2ee/e2ee.js')).then(({ forgetDevices }) => forgetDevices()).catch(() => undefined);
    status = state.status;
  });
  globalThis.addEventListener?.('online', () => volley.user && volley.files().online());
  return { volley, sync };
}
