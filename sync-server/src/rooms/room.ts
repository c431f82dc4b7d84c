/**
 * A loaded room: its Y.Doc, awareness and local connections. Every update that does not come
 * from the bus is appended to the room's log before it is broadcast and published, in the order
 * the doc applied it (one promise chain per room). Updates made while an append is in flight are
 * appended together, as one merged row, by the next link of the chain (group commit). While the
 * database is unreachable the chain waits and retries: nothing reaches another client before it
 * is durable.
 */
import { frameOf, isFailover, type AccessClaims, type Frame, type Logger, type RoomFanout, type RoomEventKind, type UpdateLog } from '@volley/core';
import { AWARENESS_CLIENTS_PER_SOCKET, type CloseCodeValue } from '@volley/shared';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { AwarenessClaim, AwarenessEntry } from './awareness-identity.js';
import { awarenessFrames, updateFrames } from './sized-frames.js';

/** Transaction origins other than a client connection. */
const Origin = {
  load: Symbol('load'),
  remote: Symbol('remote'),
  server: Symbol('server'),
  /** A change built ahead of its commit (`build`): neither queued for the log nor broadcast. */
  built: Symbol('built'),
} as const;

/**
 * A room's log is looked at this long after it loads (not while its first clients wait for their
 * sync step 2) and after each quiet spell of this long following appends.
 */
const COMPACT_WHEN_QUIET_MS = 1000;
/**
 * Compaction by bytes: the log is compacted once it holds more than COMPACT_RATIO times the live
 * state, so it stays under 2×. Measuring the live state is an encode of the whole doc (~5 ms for a
 * segment of 1,000 messages), so it is done only when the log has grown by half of it (and by
 * COMPACT_MIN_BYTES), or after a quiet spell that follows MEASURE_AFTER_ROWS appends: deletes add
 * few bytes but can shrink the state a lot. A log under COMPACT_MIN_BYTES is left to the row count.
 */
const COMPACT_RATIO = 1.5;
const COMPACT_MIN_BYTES = 16 * 1024;
const MEASURE_AFTER_ROWS = 16;

/**
 * An awareness renewal (a state sent again unchanged: a stock client does so every 15 s, and times
 * out a state not renewed for 30 s) is forwarded within this long, together with the room's other
 * renewals, instead of at once: a room of n clients sends each socket a few renewal frames every
 * 15 s rather than n, and gets a few echoes back rather than n² in all. A change goes at once.
 */
const RENEWALS_FORWARDED_WITHIN_MS = 5000;

const serverOrigins = new Set<unknown>(Object.values(Origin));
/** True when a doc change was made by a client connected to this instance. */
export const isClientOrigin = (origin: unknown): boolean => !serverOrigins.has(origin);

export interface RoomDeps {
  persistence: UpdateLog;
  fanout: RoomFanout;
  log: Logger;
  /** Compact the room's log once it holds more rows than this (or too many bytes: COMPACT_RATIO). */
  compactAfter: number;
}

/**
 * A socket in a room, as the room and those who watch its sockets (the inbox, the membership
 * guard) know it; connection.ts is the one kind. The room claims awareness client ids for it and
 * clears them when it leaves.
 */
export interface RoomMember {
  readonly user: AccessClaims;
  readonly awarenessClients: Set<number>;
  send(message: Uint8Array): void;
  /** A broadcast's frame, the same for every socket of the room: written as it is. */
  sendFrame(frame: Frame): void;
  close(code: CloseCodeValue): void;
}

/**
 * A change applied to the doc ahead of the commit that stores it (`Room.build`): `update` goes to
 * the database with its send; the room is then told whether it was stored.
 */
export interface BuiltChange {
  readonly update: Uint8Array;
  /** Stored with its send: broadcast and published now. */
  stored(): void;
  /**
   * Not stored (the send went otherwise, or failed): `undo` is applied now, and the update with its
   * undoing is stored as one of the room's own (later writes on the doc may build on it).
   */
  dropped(undo: (doc: Y.Doc) => void): void;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  readonly connections = new Set<RoomMember>();
  /** Which local socket set each awareness client's state: no other socket may change it. */
  private readonly awarenessOwners = new Map<number, RoomMember>();
  private readonly log: Logger;
  private tail: Promise<void> = Promise.resolve();
  /** What the build under way changed (`build`). */
  private builtUpdates: Uint8Array[] = [];
  /** Updates applied to the doc and not yet handed to the log, with the origin not to echo them to. */
  private pending: { update: Uint8Array; origin: unknown }[] = [];
  private rows = 0;
  /** Bytes of the room's log as this instance knows it: loaded, appended, compacted. */
  private storedBytes = 0;
  /** When the live state was last measured: the log's bytes then, rows appended since, the state's bytes. */
  private measured = { storedBytes: 0, rowsSince: 0, liveBytes: 0 };
  private compacting = false;
  private compaction: Promise<void> = Promise.resolve();
  private compactLater: NodeJS.Timeout | undefined;
  /** Awareness clients whose state changed in the apply under way (its 'change' event comes before 'update'). */
  private readonly changedNow = new Set<number>();
  /** Clients whose renewal waits for the next forwarding (RENEWALS_FORWARDED_WITHIN_MS). */
  private readonly renewals = new Set<number>();
  /** The state bytes each client of this instance's sockets last set (not a stream's): the same bytes again are a renewal. */
  private readonly setBytes = new Map<number, Buffer>();
  private forwardRenewalsLater: NodeJS.Timeout | undefined;
  private closing = false;
  private unsubscribe: () => Promise<void> = async () => {};

  private constructor(
    readonly name: string,
    private readonly deps: RoomDeps,
  ) {
    this.log = deps.log.child({ room: name });
    // The server has no state of its own in a room, except friends' presence in user rooms.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onUpdate(update, origin));
    this.awareness.on('change', ({ updated }: AwarenessChanges) => updated.forEach((client) => this.changedNow.add(client)));
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.onAwareness(changes, origin));
  }

  /** Subscribes to the bus before reading the log, so no update falls between the two. */
  static async load(name: string, deps: RoomDeps): Promise<Room> {
    const room = new Room(name, deps);
    try {
      room.unsubscribe = await deps.fanout.subscribe(name, (kind, payload) => room.applyRemote(kind, payload), () => room.republish());
      const updates = await deps.persistence.load(name);
      room.doc.transact(() => updates.forEach((update) => Y.applyUpdate(room.doc, update)), Origin.load);
      room.rows = updates.length;
      room.storedBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      // The clients that made the room load are waiting for their sync step 2: compaction waits for them.
      // One row is a snapshot (compacted, or the first write): its live state is itself, unmeasured.
      room.measured = updates.length > 1 ? { storedBytes: 0, rowsSince: updates.length, liveBytes: 0 } : { storedBytes: room.storedBytes, rowsSince: 0, liveBytes: room.storedBytes };
      room.compactLater = setTimeout(() => room.compactIfDue(true), COMPACT_WHEN_QUIET_MS).unref();
    } catch (err) {
      await room.close();
      throw err;
    }
    return room;
  }

  /** A server-side change; resolves once it is persisted and broadcast. */
  write(change: (doc: Y.Doc) => void): Promise<void> {
    this.doc.transact(() => change(this.doc), Origin.server);
    return this.tail;
  }

  /**
   * Applies `change` to the doc without storing or broadcasting it: the caller stores its update
   * elsewhere (a send's statement, core/src/rooms/update-log.ts) and tells the room how that went.
   * It takes its place in the room's chain: the room's later updates are stored and broadcast after
   * it, and `durable()` waits for it. Synchronous, so that builds leave in the order they were made.
   */
  build(change: (doc: Y.Doc) => void): BuiltChange {
    const update = this.built(change);
    let settle!: (undone: Uint8Array | undefined) => void;
    const outcome = new Promise<Uint8Array | undefined>((resolve) => (settle = resolve));
    // The updates applied before this one are stored by the link already queued; those after it, after it.
    this.pending = [];
    this.serial(async () => {
      const undone = await outcome;
      const stored = undone ? Y.mergeUpdates([update, undone]) : update;
      if (undone) await this.append(stored);
      this.rows++;
      this.storedBytes += stored.byteLength;
      this.measured.rowsSince++;
      if (!this.closing) this.compactLater?.refresh();
      this.broadcastUpdate(stored);
      this.deps.fanout.publish(this.name, 'update', stored);
      this.compactIfDue(false);
    });
    return {
      update,
      stored: () => settle(undefined),
      dropped: (undo) => settle(this.built(undo)),
    };
  }

  /** Applies `change` as a built one (neither stored nor broadcast here); its update, empty when it changed nothing. */
  private built(change: (doc: Y.Doc) => void): Uint8Array {
    this.builtUpdates = [];
    this.doc.transact(() => change(this.doc), Origin.built);
    const updates = this.builtUpdates;
    this.builtUpdates = [];
    return updates.length === 0 ? new Uint8Array([0, 0]) : updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
  }

  /** Bytes of the room's update log as this instance knows it (at most ~2× the live state: compaction). */
  get logBytes(): number {
    return this.storedBytes;
  }

  /**
   * Resolves when every update applied until now is persisted (later ones may still be pending):
   * the doc's state as of this call is durable. Unlike `settled`, it does not wait for a quiet
   * moment, which a busy room (a segment taking a backlog of sends) may not have for seconds.
   */
  durable(): Promise<void> {
    // Every update applied so far is in a link already on the chain (persistPending takes all pending).
    return this.tail;
  }

  /** Resolves when every update applied so far is persisted: the doc's state is durable. */
  async settled(): Promise<void> {
    let tail: Promise<void>;
    do {
      tail = this.tail;
      await tail;
    } while (tail !== this.tail);
  }

  join(connection: RoomMember): void {
    this.connections.add(connection);
  }

  /** The socket's awareness states go with it, announced to everyone still here. */
  leave(connection: RoomMember): void {
    this.connections.delete(connection);
    const owned = [...connection.awarenessClients];
    for (const client of owned) {
      this.awarenessOwners.delete(client);
      this.setBytes.delete(client);
    }
    connection.awarenessClients.clear();
    removeAwarenessStates(this.awareness, owned, null);
  }

  /**
   * Whose a socket's awareness entry is, claiming the client id if it is new (`own`). An `echo` is
   * of a client the room already knows and the socket does not own: the server's own id, one
   * another socket of this instance owns, a state the room has at that clock or later (what the
   * socket was sent, from here or from the bus; a newer one is a client moving here from another
   * instance). `refused`: a new id past AWARENESS_CLIENTS_PER_SOCKET (a stock client owns one: more
   * is a forged crowd), or clearing a state the room does not know. Only `own` entries are applied;
   * a frame with `refused` ones is charged like one with `own` ones, echoes never are.
   */
  ownsAwareness(connection: RoomMember, client: number, clock: number, removal: boolean): AwarenessClaim {
    const owner = this.awarenessOwners.get(client);
    if (owner !== undefined) return owner === connection ? 'own' : 'echo';
    const known = this.awareness.meta.get(client);
    if (client === this.awareness.clientID || (known && (removal || known.clock >= clock))) return 'echo';
    if (removal || connection.awarenessClients.size >= AWARENESS_CLIENTS_PER_SOCKET) return 'refused';
    this.awarenessOwners.set(client, connection);
    connection.awarenessClients.add(client);
    return 'own';
  }

  /**
   * Takes a renewal of what a socket's client last set — the same state bytes at a later clock, as a
   * stock client sends every 15 s — without parsing or stamping the state again: its clock and time
   * move on, and it is forwarded with the room's other renewals, as one applied would be. False
   * for anything else, which is applied the whole way (and then `remember`ed).
   */
  renewed({ client, clock, state }: AwarenessEntry): boolean {
    const before = this.setBytes.get(client);
    const meta = this.awareness.meta.get(client);
    if (!before || !meta || clock <= meta.clock || !this.awareness.states.has(client) || !before.equals(state)) return false;
    // In place: thousands of renewals a second on a busy server allocate nothing here.
    meta.clock = clock;
    meta.lastUpdated = Date.now();
    this.renewLater(client);
    return true;
  }

  /** The entries a socket's frame just set, for `renewed`. */
  remember(entries: AwarenessEntry[]): void {
    for (const { client, state } of entries) {
      if (this.awareness.states.has(client)) this.setBytes.set(client, Buffer.from(state));
      else this.setBytes.delete(client);
    }
  }

  /** Entries never taken as renewals: a stream's states, which its admission follows. */
  forget(entries: AwarenessEntry[]): void {
    for (const { client } of entries) this.setBytes.delete(client);
  }

  /** The awareness states set through this instance's sockets (not those arriving from the bus). */
  localAwarenessStates(): unknown[] {
    const states = this.awareness.getStates();
    return [...this.awarenessOwners.keys()].map((client) => states.get(client)).filter((state) => state !== undefined);
  }

  /** Encoded and framed once, whatever the number of sockets: each gets the same buffer. */
  broadcast(message: Uint8Array, except?: unknown): void {
    if (this.connections.size === 0) return;
    const frame = frameOf(message);
    for (const connection of this.connections) if (connection !== except) connection.sendFrame(frame);
  }

  /** In frames of at most 1 MiB (a remote update may carry a whole segment). */
  private broadcastUpdate(update: Uint8Array, except?: unknown): void {
    for (const frame of updateFrames(update)) this.broadcast(frame, except);
  }

  /** Waits for pending appends (retrying no more), then lets go of the doc and the bus. */
  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.compactLater);
    clearTimeout(this.forwardRenewalsLater);
    await this.settled();
    await this.compaction;
    await this.unsubscribe();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private onUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === Origin.built) return void this.builtUpdates.push(update);
    if (origin === Origin.load) return;
    if (origin === Origin.remote) return this.broadcastUpdate(update);
    this.pending.push({ update, origin });
    // One link of the chain takes every update pending when it runs (or until a build starts another).
    if (this.pending.length === 1) {
      const batch = this.pending;
      this.serial(() => this.persistPending(batch));
    }
  }

  private async persistPending(batch: { update: Uint8Array; origin: unknown }[]): Promise<void> {
    if (this.pending === batch) this.pending = [];
    const merged = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map(({ update }) => update));
    await this.append(merged);
    this.rows++;
    this.storedBytes += merged.byteLength;
    this.measured.rowsSince++;
    if (!this.closing) this.compactLater?.refresh();
    for (const { update, origin } of batch) this.broadcastUpdate(update, origin);
    this.deps.fanout.publish(this.name, 'update', merged);
    this.compactIfDue(false);
  }

  private async append(update: Uint8Array): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.deps.persistence.append(this.name, update);
      } catch (err) {
        if (this.closing) throw err;
        this.log.error({ err, attempt }, 'appending an update failed; retrying');
        // Through a failover the next primary is there within seconds: tried again at least every
        // second, so that the room's fan-out resumes with the writes (core/src/db/failover.ts).
        await new Promise((resolve) => setTimeout(resolve, Math.min(100 * 2 ** attempt, isFailover(err) ? 1000 : 5000)));
      }
    }
  }

  private onAwareness({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    for (const client of removed) {
      this.awarenessOwners.get(client)?.awarenessClients.delete(client);
      this.awarenessOwners.delete(client);
      this.setBytes.delete(client);
    }
    const changed = [...added, ...removed];
    for (const client of updated) {
      // From the bus, renewals come already gathered by the instance that took them.
      if (origin !== Origin.remote && !this.changedNow.has(client)) this.renewLater(client);
      else changed.push(client);
    }
    this.changedNow.clear();
    for (const client of changed) this.renewals.delete(client);
    if (changed.length > 0) this.forwardAwareness(changed, origin);
  }

  private renewLater(client: number): void {
    this.renewals.add(client);
    this.forwardRenewalsLater ??= setTimeout(() => this.forwardRenewals(), RENEWALS_FORWARDED_WITHIN_MS).unref();
  }

  /** The renewed states still there, in one update. */
  private forwardRenewals(): void {
    this.forwardRenewalsLater = undefined;
    const states = this.awareness.getStates();
    const renewed = [...this.renewals].filter((client) => states.has(client));
    this.renewals.clear();
    if (renewed.length > 0) this.forwardAwareness(renewed, undefined);
  }

  private forwardAwareness(changed: number[], origin: unknown): void {
    const update = encodeAwarenessUpdate(this.awareness, changed);
    // Back to the socket that set it too, as the reference server does: a stock client takes its own
    // state coming back as the sign its connection lives, and reconnects after 30 s of silence
    // (a socket alone in its room, as in a `user.` room with no friend online, heard nothing else).
    for (const frame of awarenessFrames(this.awareness, changed, update)) this.broadcast(frame);
    if (origin === Origin.remote) return;
    // The server's own state (friends' presence) is set by each instance for its own sockets.
    const shared = changed.filter((client) => client !== this.awareness.clientID);
    if (shared.length > 0) this.deps.fanout.publish(this.name, 'awareness', shared.length === changed.length ? update : encodeAwarenessUpdate(this.awareness, shared));
  }

  /**
   * Another instance came to hold the room while this one held it alone, and so published nothing:
   * it is sent the whole durable state, and the awareness of this instance's sockets.
   */
  private republish(): void {
    if (this.closing) return;
    this.settled()
      .then(() => {
        this.deps.fanout.publish(this.name, 'update', Y.encodeStateAsUpdate(this.doc));
        // A client id is claimed before its first state is applied, which a refused frame never is.
        const owned = [...this.awarenessOwners.keys()].filter((client) => this.awareness.meta.has(client));
        if (owned.length > 0) this.deps.fanout.publish(this.name, 'awareness', encodeAwarenessUpdate(this.awareness, owned));
      })
      .catch((err: unknown) => this.log.error({ err }, 'republishing the room for a new instance failed'));
  }

  private applyRemote(kind: RoomEventKind, payload: Uint8Array): void {
    if (kind === 'update') Y.applyUpdate(this.doc, payload, Origin.remote);
    else applyAwarenessUpdate(this.awareness, payload, Origin.remote);
  }

  /**
   * Optional work, beside the chain rather than in it: appends go on meanwhile (compaction deletes
   * only the rows it read). A failure leaves the log longer, never wrong.
   */
  private compactIfDue(quiet: boolean): void {
    if (this.compacting || this.closing) return;
    if (this.rows <= this.deps.compactAfter && !this.tooManyBytes(quiet)) return;
    this.compactNow();
  }

  /**
   * Compacts the log now, due or not, once its pending appends are stored: what was deleted from the
   * document leaves the stored rows too (an erased account's name). Resolves when done.
   */
  async compact(): Promise<void> {
    await this.tail;
    await this.compaction;
    // One started meanwhile read the rows stored by then, these included.
    if (!this.closing && !this.compacting) this.compactNow();
    await this.compaction;
  }

  private compactNow(): void {
    this.compacting = true;
    const before = { rows: this.rows, storedBytes: this.storedBytes };
    const compacting = this.deps.persistence.compact(this.name).then(
      ({ merged, bytes }) => {
        if (merged === 0) return;
        this.log.debug({ merged, bytes, before: before.storedBytes }, 'compacted the update log');
        // Rows appended while compacting are still there, beside the new one.
        this.rows = this.rows - before.rows + 1;
        this.storedBytes = bytes + this.storedBytes - before.storedBytes;
        this.measured = { storedBytes: this.storedBytes, rowsSince: this.rows - 1, liveBytes: bytes };
      },
      (err: unknown) => {
        this.log.warn({ err }, 'compaction failed');
        this.rows = 1;
        this.measured = { storedBytes: this.storedBytes, rowsSince: 0, liveBytes: this.storedBytes };
      },
    );
    this.compaction = compacting.finally(() => (this.compacting = false));
  }

  /** Whether the log holds more than COMPACT_RATIO times the live state, measured when due (see above). */
  private tooManyBytes(quiet: boolean): boolean {
    if (this.storedBytes < COMPACT_MIN_BYTES) return false;
    const grown = this.storedBytes - this.measured.storedBytes;
    const due = grown >= Math.max(COMPACT_MIN_BYTES, this.measured.liveBytes / 2) || (quiet && this.measured.rowsSince >= MEASURE_AFTER_ROWS);
    if (!due) return false;
    const liveBytes = Y.encodeStateAsUpdate(this.doc).byteLength;
    this.measured = { storedBytes: this.storedBytes, rowsSince: 0, liveBytes };
    return this.storedBytes > COMPACT_RATIO * liveBytes;
  }

  private serial(task: () => Promise<void>): void {
    this.tail = this.tail.then(task).catch((err: unknown) => {
      this.log.error({ err }, 'an update was not persisted before the room closed');
    });
  }
}
