/**
 * Vacuum and analyze for the embedded database (docs/architecture.md §2). PostgreSQL's autovacuum
 * does this in processes of its own; PGlite is one backend inside the server's process, with no
 * autovacuum. Without it, what a compaction deletes from `sync_updates` (and what each message
 * updates in `conversations`) is never given back: the table and its indexes grow by every update
 * ever appended (embedded-upkeep.test.ts: 4.5× in 15 rounds of churn, where vacuumed it stays
 * flat), and the planner never gets statistics. A pass runs `VACUUM (ANALYZE)` on each table in
 * turn, yielding to the event loop between tables: PGlite runs on the server's own thread, so one
 * table at a time keeps each pause short (the visibility map lets a table nobody changed be passed
 * over at once; on a 100,000-message database `messages` took 118–219 ms).
 */
import type { Logger } from '../logger.js';
import type { Db } from './connect.js';

export interface UpkeepOptions {
  /** A pass every this long, the first this long after the start. */
  everyMs: number;
  log: Logger;
}

export class EmbeddedUpkeep {
  private timer: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly options: UpkeepOptions,
  ) {
    this.timer = setTimeout(() => this.next(), options.everyMs).unref();
  }

  /** One pass over every table of the schema. */
  async pass(): Promise<void> {
    const started = performance.now();
    const { rows } = await this.db.raw<{ rows: { name: string }[] }>('select tablename as name from pg_tables where schemaname = current_schema() order by tablename');
    for (const { name } of rows) {
      if (this.stopped) return;
      await this.db.raw('vacuum (analyze) ??', [name]);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.options.log.debug({ tables: rows.length, ms: Math.round(performance.now() - started) }, 'vacuumed the embedded database');
  }

  /** Waits for the table being vacuumed, and starts no other. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private next(): void {
    this.running = this.pass()
      .catch((err: unknown) => this.options.log.warn({ err }, 'vacuuming the embedded database failed'))
      .finally(() => {
        if (!this.stopped) this.timer = setTimeout(() => this.next(), this.options.everyMs).unref();
      });
  }
}
