/**
 * The library's front door: one object per signed-in client, that a bot and the PWA use alike.
 *
 *   const volley = new VolleyClient({ url: 'http://127.0.0.1:8080', WebSocket });
 *   await volley.signIn({ login: 'bot', password: '…' });       // or new VolleyClient({ …, token })
 *   const general = await volley.conversation(convId);
 *   general.message.add((m) => …);
 *   await volley.outbox().send(convId, 'hello');                // { status: 'accepted', seq } or rejected
 *   await volley.files().send(convId, 'the plan', [{ blob, name: 'plan.pdf' }]);  // uploaded, then sent
 *
 * Ops go as op frames on their conversation's socket (frame-outbox.ts), through the user
 * document's outbox where the server does not speak them or with `sendPath: 'outbox'`;
 * `pendingOps()` shows them until settled, whichever way they went. `joined`/`left` tell when the
 * user comes into or leaves a conversation, once `conversations()` listed them (memberships.ts).
 *
 * It owns the API client (the token source; or shares one given, `api`), the room pool (one socket per room), the user's
 * outbox, conversations and the game sockets. Close it when done.
 */
import { userRoom, type AuthResponse, type Conversation as ConversationRecord, type LoginBody, type PublicUser } from '@volley/shared';
import { ApiClient, apiBase } from './api-client.js';
import { Conversation } from './conversation.js';
import { GameChannel, QueueChannel, TournamentChannel, type ChannelOptions } from './game-channel.js';
import { FileOutbox, type FileSealer } from './file-outbox.js';
import { type BlobStash, MemoryStash } from './file-stash.js';
import { FrameOutbox } from './frame-outbox.js';
import { Listeners } from './listeners.js';
import { Memberships, type Joined } from './memberships.js';
import { outboxOf, type OpSender, type Outbox } from './outbox.js';
import { OutboxPending } from './outbox-pending.js';
import type { PendingOps } from './pending-ops.js';
import { RoomPool } from './room-pool.js';
import { MemoryStorage, type DocStorage, type LocalWriteError } from './storage.js';
import type { SyncRoom } from './sync-room.js';
import type { WebSocketConstructor } from './websocket.js';

export interface VolleyClientOptions {
  /** The server's HTTP(S) origin, e.g. `http://127.0.0.1:8080`; in the browser, the page's. */
  url: string;
  /** A token to use as is (a bot token); otherwise `signIn`, or a session from the refresh cookie. */
  token?: string;
  /**
   * The API client to share, made before this (`new ApiClient({ base: apiBase(url), locks })`): an
   * app that talks to the API before it loads the rooms. `token`, `fetch` and `locks` are then its own.
   */
  api?: ApiClient;
  /** The global WebSocket by default (browsers, Node ≥ 22); pass `ws`'s on Node 20. */
  WebSocket?: WebSocketConstructor;
  fetch?: typeof fetch;
  /** Local copies of the documents; in memory by default. */
  storage?: DocStorage;
  /** The bytes of files waiting to be uploaded; in memory by default. */
  stash?: BlobStash;
  /** What encrypts the file messages of end-to-end encrypted conversations (`files().send(…, { sealed: true })`), loaded when first needed. */
  sealer?: () => Promise<FileSealer>;
  /** Serialises refreshes across browser tabs. */
  locks?: LockManager;
  /** Called for every room made (before it connects). */
  onRoom?: (room: SyncRoom) => void;
  /**
   * How ops are sent: `frames` (the default), as op frames on the conversation's socket, answered
   * once committed, through the outbox where the server does not speak them (docs/protocol.md,
   * "Op frames"); `outbox`, as entries in the user document, the path every server decides.
   */
  sendPath?: 'outbox' | 'frames';
}

export class VolleyClient {
  readonly api: ApiClient;
  readonly rooms: RoomPool;
  /** The user came into a conversation (followed once `conversations()` was called). */
  readonly joined = new Listeners<[Joined]>();
  /** The user is no longer in a conversation (its id). */
  readonly left = new Listeners<[string]>();
  /**
   * An op or a file message could not be written to local storage (a full disk, the browser's
   * quota): as a frame or a file message it was not sent, and the caller's `PendingOp.stored` rejects with it.
   */
  readonly writeFailed = new Listeners<[LocalWriteError]>();
  readonly #channel: ChannelOptions;
  /** Conversation → its head segment, as last named by the app or the API. */
  readonly #heads = new Map<string, number>();
  #pending: PendingOps | null = null;
  #memberships: Memberships | null = null;
  #user: PublicUser | null = null;
  #userRoom: SyncRoom | null = null;
  #outbox: OpSender | null = null;
  #files: FileOutbox | null = null;
  readonly #storage: DocStorage;
  readonly #stash: BlobStash;
  readonly #sealer: VolleyClientOptions['sealer'];
  readonly #sendPath: 'outbox' | 'frames';

  constructor(options: VolleyClientOptions) {
    const WebSocket = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
    if (!WebSocket) throw new Error('no WebSocket: pass one (the ws package on Node 20)');
    this.api =
      options.api ??
      new ApiClient({
        base: apiBase(options.url),
        ...(options.token !== undefined ? { token: options.token } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
        locks: options.locks,
      });
    this.#channel = { base: options.url, tokens: this.api, WebSocket, open: new Set() };
    this.#storage = options.storage ?? new MemoryStorage();
    this.#stash = options.stash ?? new MemoryStash();
    this.#sealer = options.sealer;
    this.#sendPath = options.sendPath ?? 'frames';
    this.rooms = new RoomPool({ ...this.#channel, storage: this.#storage }, options.onRoom);
    this.api.authChanged.add((auth) => this.#authChanged(auth));
  }

  /** Who is signed in (after `signIn`, `resume` or `me`). */
  get user(): PublicUser | null {
    return this.#user;
  }

  /** Signs in with a password; the session is then renewed through the refresh cookie. */
  async signIn(body: LoginBody): Promise<PublicUser> {
    return (await this.api.login(body)).user;
  }

  /** The session the refresh cookie holds (the browser's). */
  async resume(): Promise<PublicUser> {
    return (await this.api.refresh()).user;
  }

  /** Who was signed in when the app last ran: starting with no network, the user's room and op queue open from local storage. */
  assume(user: PublicUser): void {
    this.#become(user);
  }

  /** Who the token belongs to, asked of the API (a bot token's user). */
  async me(): Promise<PublicUser> {
    const { user } = await this.api.me();
    this.#become(user);
    return user;
  }

  /** The signed-in user's own room (`user.<id>`), held for the client's life. */
  userRoom(): SyncRoom {
    if (!this.#user) throw new Error('not signed in');
    this.#userRoom ??= this.rooms.acquire(userRoom(this.#user.id));
    return this.#userRoom;
  }

  /** The signed-in user's ops: send, edit, delete, react, reply, invite (through op frames or the outbox: `sendPath`). */
  outbox(): OpSender {
    if (!this.#outbox) {
      this.#outbox = this.#sendPath === 'frames' ? this.#frames() : this.#userOutbox();
      this.#outbox.writeFailed.add((error) => this.writeFailed.emit(error));
    }
    return this.#outbox;
  }

  /** Messages with files: uploaded (with progress and cancel), then sent through `outbox()`; they wait offline and through a restart. */
  files(): FileOutbox {
    if (!this.#user) throw new Error('not signed in');
    if (!this.#files) {
      this.#files = new FileOutbox({ userId: this.#user.id, storage: this.#storage, stash: this.#stash, api: this.api, ops: () => this.outbox(), ...(this.#sealer && { sealer: this.#sealer }) });
      this.#files.writeFailed.add((error) => this.writeFailed.emit(error));
    }
    return this.#files;
  }

  /** My ops not settled (pending, refused, accepted), observable: what a timeline shows besides the messages. */
  pendingOps(): PendingOps {
    const outbox = this.outbox();
    this.#pending ??= outbox instanceof FrameOutbox ? outbox : new OutboxPending(this.userRoom().doc);
    return this.#pending;
  }

  /** The conversations the user is in; from then on `joined` and `left` tell their changes. */
  async conversations(): Promise<ConversationRecord[]> {
    if (!this.#memberships) {
      const memberships = new Memberships(() => this.api.conversations(), this.userRoom());
      memberships.joined.add((joined) => this.joined.emit(joined));
      memberships.left.add((convId) => this.left.emit(convId));
      this.#memberships = memberships;
      return memberships.start();
    }
    return this.api.conversations();
  }

  #frames(): FrameOutbox {
    if (!this.#user) throw new Error('not signed in');
    const headOf = async (convId: string) => this.#heads.get(convId) ?? (await this.api.conversations()).find((c) => c.id === convId)?.headSegment ?? null;
    return new FrameOutbox({ userId: this.#user.id, rooms: this.rooms, storage: this.#storage, headOf, outbox: () => this.#userOutbox() });
  }

  /** The user document's outbox, each op awaiting the room's local copy. */
  #userOutbox(): Outbox {
    const room = this.userRoom();
    return outboxOf(room.doc, { loaded: room.loaded, written: () => room.written() });
  }

  /** A conversation's events, from its head segment (asked of the API unless given). Close it when done. */
  async conversation(convId: string, headSegment?: number): Promise<Conversation> {
    const head = headSegment ?? (await this.api.conversations()).find((c) => c.id === convId)?.headSegment;
    if (head === undefined) throw new Error(`not a member of conversation ${convId}`);
    this.#heads.set(convId, Math.max(head, this.#heads.get(convId) ?? 0));
    return new Conversation(convId, head, this.rooms, this.api, () => this.outbox());
  }

  /** The socket of a game, to play or watch; `open` it. */
  game(gameId: string): GameChannel {
    return new GameChannel(gameId, this.#channel);
  }

  /** A tournament's moves, to follow its bracket live; `open` it. */
  tournament(tournamentId: string): TournamentChannel {
    return new TournamentChannel(tournamentId, this.#channel);
  }

  /** The ranked matchmaking queue; `open` it to join, `close` to leave. */
  queue(): QueueChannel {
    return new QueueChannel(this.#channel);
  }

  /** The network came back (or a token arrived): every room connects now. */
  online(): void {
    this.rooms.online();
    this.#files?.online();
  }

  offline(): void {
    this.rooms.offline();
  }

  /** Closes every socket, the game channels' included, and waits for the local copies to be written. */
  async close(): Promise<void> {
    for (const channel of [...this.#channel.open!]) channel.close();
    await this.#forgetUser();
    await this.rooms.closeAll();
  }

  #authChanged(auth: AuthResponse | null): void {
    if (auth) this.#become(auth.user);
    else this.#user = null;
  }

  /** Another user signs in: the last one's queue and room are let go (their ops must not go out under this token). */
  #become(user: PublicUser): void {
    const before = this.#user;
    this.#user = user;
    if (before && before.id !== user.id) void this.#forgetUser();
  }

  async #forgetUser(): Promise<void> {
    const outbox = this.#outbox;
    const files = this.#files;
    const room = this.#userRoom;
    this.#memberships?.stop();
    this.#memberships = null;
    this.#userRoom = null;
    this.#outbox = null;
    this.#files = null;
    this.#pending = null;
    this.#heads.clear();
    if (room) this.rooms.release(room);
    await files?.close();
    if (outbox instanceof FrameOutbox) await outbox.close();
  }
}
