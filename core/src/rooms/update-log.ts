/**
 * The update log of every room in `sync_updates` (docs/architecture.md §4): append, load, compact;
 * and the plain sends, recorded in the same round trip as the appends of their tick.
 */
import { isPostgres, type Db } from '../db/connect.js';
import { HeldConnection, type PreparedStatement } from '../db/prepared.js';
import { metrics } from '../metrics.js';
import * as Y from 'yjs';

interface UpdateRow {
  id: number | string;
  data: Uint8Array;
}

interface QueuedAppend {
  room: string;
  update: Uint8Array;
  resolve(): void;
  reject(err: unknown): void;
}

/** A message that is plainly allowed, as far as its sender knows (the `send_message` function, migration 007, checks). */
export interface PlainSend {
  /** The op id, which becomes the message id. */
  id: string;
  convId: string;
  authorId: string;
  body: string;
  kind: string;
  at: Date;
  /** Messages per segment. */
  segmentSize: number;
  /** The address of the socket that wrote the op; null for the author's last address. */
  sentFrom: string | null;
  /**
   * The message's segment update, built ahead for the seq and segment it expects: stored with the
   * message, in the same commit, when the message gets them (migration 044).
   */
  built?: BuiltUpdate | undefined;
}

export interface BuiltUpdate {
  update: Uint8Array;
  seq: number;
  segment: number;
}

/** `check`: not plainly allowed, or already recorded; the caller decides it by the full rules. */
export type PlainSendResult = { outcome: 'inserted'; seq: number; segment: number; opensSegment: boolean; /** The built update is stored. */ stored: boolean } | { outcome: 'check' };

interface QueuedSend {
  send: PlainSend;
  resolve(result: PlainSendResult): void;
  reject(err: unknown): void;
}

/** Any number of rows in one statement, and so one prepared statement. */
const APPEND: PreparedStatement = { name: 'sync_updates_append', text: 'insert into sync_updates (room, data) select * from unnest($1::text[], $2::bytea[])' };

const TICK_PARAMETERS = '$1::text[], $2::bytea[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::int[], $10::inet[], $11::bytea[], $12::int[], $13::int[]';

/** Appends and sends together (migrations 028, 030, 044): one row per send, named by its place (from 1); a send that fails fails alone. */
export const TICK_WRITES: PreparedStatement = { name: 'tick_writes_built', text: `select * from tick_writes(${TICK_PARAMETERS})` };

/**
 * The same, with no block of its own per send, duplicates left to the primary key (migration 045):
 * one failing send fails the statement, which then goes again as TICK_WRITES.
 */
export const TICK_WRITES_ALL_OR_NONE: PreparedStatement = { name: 'tick_writes_all_or_none', text: `select * from tick_writes_all_or_none(${TICK_PARAMETERS})` };

interface TickRow {
  ord: number;
  outcome: 'inserted' | 'check' | 'error';
  seq: number | null;
  segment: number | null;
  opens_segment: boolean | null;
  /** Why the send failed (`error`). */
  error: string | null;
  stored: boolean | null;
}

/** Thrown inside the compaction transaction to roll it back. */
class CompactionRace extends Error {}

/**
 * A statement's window on PostgreSQL: at 200 messages a second it should gather two or three sends
 * where one left at once carried one, for less CPU per message in the server and its backend (measured
 * alternately, BENCHMARKS.md "The send path against its peers"), at 10 ms more latency at most.
 */
const POSTGRES_WINDOW_MS = 10;
/**
 * On PostgreSQL the window opens only while writes come together: a statement carried more than
 * one this recently. A lone writer (one account's ops, each decided once the one before is
 * committed) would only wait for it, and gather nothing.
 */
const TOGETHER_MS = 200;
/**
 * On PGlite, which runs statements in this process at a far higher cost than their rows, every
 * statement has its window, as every statement had its 5 ms spacing before (measured so).
 */
const PGLITE_WINDOW_MS = 5;

/** Rows per statement (appends, and sends apart): one statement stays of a sensible size. */
const MAX_ROWS_PER_INSERT = 1000;

export class UpdateLog {
  /** Appends waiting for the statement in flight to finish (group commit). */
  private queue: QueuedAppend[] = [];
  /** Sends waiting likewise: they ride with the appends. */
  private sends: QueuedSend[] = [];
  private flushing = false;
  /** When a statement last carried more than one write (ms, `performance.now()`). */
  private together = Number.NEGATIVE_INFINITY;
  /** When the next statement's window opened (ms, `performance.now()`): its first write, or the previous statement's return. */
  private waitingSince = 0;
  /**
   * How long a statement's window stays open for writes to join it (group commit): each statement
   * costs the server, the socket and the database far more than a row in it (bench/db-floor.ts),
   * and at a few hundred messages a second a statement sent as soon as possible carries one.
   */
  private readonly windowMs: number;
  /** Whether the window waits for writes to come together (PostgreSQL) or is always open (PGlite). */
  private readonly whenTogether: boolean;
  private readonly connection: HeldConnection;

  constructor(private readonly db: Db) {
    this.connection = new HeldConnection(db);
    this.whenTogether = isPostgres(db);
    this.windowMs = this.whenTogether ? POSTGRES_WINDOW_MS : PGLITE_WINDOW_MS;
  }

  /**
   * Resolves once the update is durable. Appends made while another statement is in flight, from
   * any room, share the next one: one round trip for many rooms instead of one each. A room that
   * awaits each append before the next (as rooms do) keeps its order; ids follow queue order.
   */
  append(room: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ room, update, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Records a plain send in the next statement, with the appends of its tick: a message costs no
   * round trip of its own. Rejects when the statement fails, or this send alone does.
   */
  recordSend(send: PlainSend): Promise<PlainSendResult> {
    return new Promise((resolve, reject) => {
      this.sends.push({ send, resolve, reject });
      this.scheduleFlush();
    });
  }

  /** The first write opens the window (unless the statement before returned later). */
  private scheduleFlush(): void {
    if (this.queue.length + this.sends.length === 1) this.waitingSince = performance.now();
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => void this.flush());
  }

  /**
   * A statement carries what was queued before it left; what comes while it is out goes in the
   * next, which leaves once it is back and its window has passed: `windowMs` after its first write
   * was queued, or after the previous statement returned, whichever is later — while writes come
   * together (TOGETHER_MS) on PostgreSQL, always on PGlite; otherwise at the end of the event loop's turn.
   */
  private async flush(): Promise<void> {
    while (this.queue.length > 0 || this.sends.length > 0) {
      const now = performance.now();
      const open = !this.whenTogether || now - this.together < TOGETHER_MS;
      const wait = open ? this.waitingSince + this.windowMs - now : 0;
      if (wait >= 1) await new Promise((resolve) => setTimeout(resolve, wait));
      const batch = this.queue.splice(0, MAX_ROWS_PER_INSERT);
      const sends = this.sends.splice(0, MAX_ROWS_PER_INSERT);
      if (batch.length + sends.length > 1) this.together = performance.now();
      if (batch.length > 0) metrics.persistenceBatch.observe(batch.length);
      const appends = [batch.map(({ room }) => room), batch.map(({ update }) => update)];
      metrics.updateLogStatements.inc();
      try {
        if (sends.length === 0) await this.connection.run(APPEND, appends);
        else settle(sends, await this.tick([...appends, ...sendColumns(sends.map(({ send }) => send))]));
        batch.forEach((append) => append.resolve());
      } catch (err) {
        batch.forEach((append) => append.reject(err));
        sends.forEach((send) => send.reject(err));
      }
      this.waitingSince = performance.now();
      await new Promise(setImmediate);
    }
    this.flushing = false;
  }

  /** The tick's writes, all or none; when one fails, again with each send on its own. */
  private async tick(values: unknown[]): Promise<TickRow[]> {
    try {
      return await this.connection.run<TickRow>(TICK_WRITES_ALL_OR_NONE, values);
    } catch {
      metrics.updateLogStatements.inc();
      return this.connection.run<TickRow>(TICK_WRITES, values);
    }
  }

  /** The room's updates in the order they were appended. */
  async load(room: string): Promise<Uint8Array[]> {
    const rows: UpdateRow[] = await this.db('sync_updates').where({ room }).orderBy('id').select('data');
    return rows.map((row) => new Uint8Array(row.data));
  }

  /**
   * Replaces the room's rows by one snapshot of the document they make: the rows are applied to a
   * fresh document, whose garbage collection drops deleted content (what `Y.mergeUpdates` would
   * keep), and its state is stored as one row. Returns how many rows were replaced (0 when another
   * instance compacted the same rows first) and the snapshot's size. Only the ids read here are
   * deleted, so an update appended meanwhile, by this process or another, survives.
   */
  async compact(room: string): Promise<{ merged: number; bytes: number }> {
    try {
      return await this.db.transaction(async (trx) => {
        const rows: UpdateRow[] = await trx('sync_updates').where({ room }).orderBy('id').select('id', 'data');
        if (rows.length < 2) return { merged: 0, bytes: rows[0]?.data.length ?? 0 };
        const snapshot = snapshotOf(rows.map((row) => new Uint8Array(row.data)));
        const deleted: unknown[] = await trx('sync_updates').where({ room }).whereIn('id', rows.map((row) => row.id)).delete().returning('id');
        if (deleted.length !== rows.length) throw new CompactionRace();
        await trx('sync_updates').insert({ room, data: Buffer.from(snapshot) });
        return { merged: rows.length, bytes: snapshot.length };
      });
    } catch (err) {
      if (err instanceof CompactionRace) return { merged: 0, bytes: 0 };
      throw err;
    }
  }
}

function sendColumns(sends: PlainSend[]): unknown[][] {
  return [
    sends.map((send) => send.id),
    sends.map((send) => send.convId),
    sends.map((send) => send.authorId),
    sends.map((send) => send.body),
    sends.map((send) => send.kind),
    sends.map((send) => send.at.toISOString()),
    sends.map((send) => send.segmentSize),
    sends.map((send) => send.sentFrom),
    sends.map((send) => send.built?.update ?? null),
    sends.map((send) => send.built?.seq ?? null),
    sends.map((send) => send.built?.segment ?? null),
  ];
}

/** Each send gets its own row's answer. */
function settle(sends: QueuedSend[], rows: TickRow[]): void {
  const byPlace = new Map(rows.map((row) => [row.ord, row]));
  for (const [i, { send, resolve, reject }] of sends.entries()) {
    const row = byPlace.get(i + 1);
    if (!row || row.outcome === 'error') reject(new Error(`recording message ${send.id} failed: ${row?.error ?? 'no answer'}`));
    else if (row.outcome === 'check') resolve({ outcome: 'check' });
    else resolve({ outcome: 'inserted', seq: row.seq!, segment: row.segment!, opensSegment: row.opens_segment!, stored: row.stored === true });
  }
}

/** The state of the document the updates make, with deleted content garbage-collected. */
function snapshotOf(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  doc.transact(() => updates.forEach((update) => Y.applyUpdate(doc, update)));
  const snapshot = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return snapshot;
}
