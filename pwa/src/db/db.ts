/**
 * The local read model (docs/architecture.md §7): API data cached for offline use and the local copies of
 * Yjs documents. Never holds a token. A logout wipes it all (`wipe`).
 */
import { createContext } from '@lit/context';
import { Dexie, type EntityTable, type Table } from 'dexie';
import type { SealedFile } from '@volley/client/e2ee';
import type { Blocked, Conversation, Friend, FriendRequest, GameStats, MatchView, Message, MessageSticker, NotificationSettings, PublicUser, SiteRole, UserProfile } from '@volley/shared';
import { APP_DB, cryptoStoreName } from '../e2ee/store-names.js';

/**
 * An end-to-end encrypted message as this device read it (pwa/src/e2ee): its text, or why it could
 * not be read. Kept so that a conversation opens without decrypting again; `cipher` (the
 * ciphertext it was read from) tells an edit's new ciphertext from the one already read.
 */
/**
 * A conversation as kept here: the server's, with the start of its newest message as this device
 * read it when it is encrypted (`sealedPreview`, under the message's id: the server's preview of it
 * is empty, as it cannot read it). Never sent anywhere.
 */
export type CachedConversation = Conversation & { sealedPreview?: { id: string; author: string; text: string } };

export interface DecryptedMessage {
  id: string;
  convId: string;
  cipher: string;
  /**
   * Who it was read as written by: its text goes only with a message that names the same author
   * (a server that names another one afterwards is lying, and the message is refused). A row kept
   * without it is read again.
   */
  author?: string;
  body: string;
  me: boolean;
  /** An action ("/me waves"). */
  emote?: boolean;
  trust?: 'verified' | 'unverified';
  reason?: 'missing_key' | 'unverified_sender' | 'unreadable';
  /** Its files: what each is and the key that opens its ciphertext (kept in the Cache Storage once fetched), so a picture seen shows offline. */
  files?: SealedFile[];
  /** A sticker of the bank, as the message names it (its image the bank's). */
  sticker?: MessageSticker;
  /** Not read, or read from an author not verified: the message as relayed, to read again when keys arrive or once verified. */
  source?: { author: string; at: string; body: string };
  /** The words of its text and its files' names: on-device search's index (e2ee/decrypted-words.ts keeps it). */
  words?: string[];
}

/** This browser profile's encrypted-conversation device for an account: its id and its key store's passphrase. */
export interface CryptoDeviceRecord {
  userId: string;
  deviceId: string;
  passphrase: string;
  /** Each person's devices this one has seen (pwa/src/e2ee/new-devices.ts): one not among them, and not verified, is shown before it is written to. */
  seenDevices?: Record<string, string[]>;
  /**
   * The account's recovery key, made by this device and not yet said saved: offered in a bar until
   * the person has seen it and says so, then deleted. It opens nothing this device does not hold already.
   */
  recoveryKey?: string;
}

/** The signed-in user; `email` once `GET /me` answered. */
/** `role`: the site role, once /me said it (moderators and admins get the admin page). */
export type Me = PublicUser & { email?: string; role?: SiteRole };

/** One Yjs update of a room's document, in arrival order; compacted by `RoomStore`. */
export interface RoomUpdate {
  id?: number;
  room: string;
  update: Uint8Array;
}

/**
 * The newest messages of a conversation as plain values, as the device last showed them: the log
 * paints from it while the head segment's local copy (a whole segment of Yjs) is still being read.
 */
export interface TimelineSnapshot {
  convId: string;
  messages: Message[];
}

/** The bytes of a file waiting to be uploaded with its message (the client library's file outbox). */
export interface PendingFile {
  key: string;
  blob: Blob;
}

/** A member of a conversation as seen in the API's member lists: @-completion and names offline. */
export interface StoredMember {
  convId: string;
  userId: string;
  username: string;
  displayName: string;
  /** Absent in rows cached before pictures were kept. */
  avatarUrl?: string | null;
}

/** A player's game stats as last fetched (their profile, offline). */
export type StoredGameStats = GameStats & { userId: string };

/** A match in a player's history (seen from `userId`'s side), as last fetched. */
export type StoredMatch = MatchView & { userId: string };

/** A pending friend request, received by me or sent by me. */
export type StoredRequest = FriendRequest & { direction: 'received' | 'sent' };

/** One row, `mine`. */
export interface StoredNotificationSettings {
  id: 'mine';
  settings: NotificationSettings;
  pending: boolean;
}

export class VolleyDB extends Dexie {
  /** The signed-in user: a single row. */
  me!: EntityTable<Me, 'id'>;
  conversations!: EntityTable<CachedConversation, 'id'>;
  roomUpdates!: EntityTable<RoomUpdate, 'id'>;
  /** Profiles seen, for reading them offline. */
  users!: EntityTable<UserProfile, 'id'>;
  /** My friends, by their user id. */
  friends!: Table<Friend, string>;
  friendRequests!: EntityTable<StoredRequest, 'id'>;
  /** The users I blocked, by their user id. */
  blocks!: Table<Blocked, string>;
  members!: Table<StoredMember, [string, string]>;
  gameStats!: Table<StoredGameStats, string>;
  /** Both players' rows of a match share its id: keyed by [userId+id]. */
  matches!: Table<StoredMatch, [string, string]>;
  /** Files not uploaded yet, by the file outbox's key. */
  pendingFiles!: Table<PendingFile, string>;
  /** Each conversation's newest messages as last shown, by conversation id. */
  snapshots!: Table<TimelineSnapshot, string>;
  decrypted!: Table<DecryptedMessage, string>;
  cryptoDevices!: Table<CryptoDeviceRecord, string>;
  /** The account's notification settings as last read or changed here (`pending`: not yet saved on the server). */
  notificationSettings!: Table<StoredNotificationSettings, string>;

  constructor(name = APP_DB) {
    super(name);
    // The whole schema, in its latest version only: Dexie diffs an older database against it (none of
    // the versions before had an upgrade function to keep). Each version declared was parsed again,
    // with all those before it, in the task that loads the app's shell.
    this.version(9).stores({
      me: 'id',
      conversations: 'id, kind',
      roomUpdates: '++id, room',
      users: 'id',
      friends: 'user.id',
      friendRequests: 'id, direction',
      blocks: 'user.id',
      members: '[convId+userId], convId',
      gameStats: 'userId',
      matches: '[userId+id], userId, [userId+endedAt]',
      pendingFiles: 'key',
      snapshots: 'convId',
      // What this device decrypted, found by its words (on-device search): the server cannot search an encrypted conversation.
      decrypted: 'id, convId, reason, *words',
      cryptoDevices: 'userId',
      notificationSettings: 'id',
    });
  }

  /** Deletes every local copy and reopens an empty database. */
  async wipe(): Promise<void> {
    // The encrypted conversations' keys go with the rest (their stores are named after the account, e2ee/device.ts).
    const devices = await this.cryptoDevices.toArray().catch(() => []);
    for (const { userId } of devices) for (const suffix of CRYPTO_STORE_SUFFIXES) indexedDB.deleteDatabase(`${cryptoStoreName(userId)}${suffix}`);
    await this.delete({ disableAutoOpen: false });
    await this.open();
  }
}

/** The databases an account's crypto machine makes under its store's name. */
const CRYPTO_STORE_SUFFIXES = ['::matrix-sdk-crypto', '::matrix-sdk-crypto-meta'];

export const db = new VolleyDB();

/** The app's database, provided by the shell (app/volley-app.ts). */
export const dbContext = createContext<VolleyDB>(Symbol('volley.db'));
