/**
 * The CPU a server's PostgreSQL backends spend, beside its own process's: a server that stores in
 * PostgreSQL hands part of a message's work to them, and a comparison of processes alone would
 * count a store in another process as free. The backends are the client backends of the server's
 * database, or of its application name (`pg_stat_activity`); PostgreSQL runs on this machine, so
 * their CPU is read from `/proc/<pid>/stat`. Not counted: the WAL writer, checkpointer and
 * autovacuum, which serve every database at once.
 */
import pg from 'pg';
import { cpuMs } from './cpu.js';
import type { PostgresBackends } from './servers.js';

const SAMPLE_MS = 500;

/** Reads a backend's CPU, or undefined once it has exited. */
function cpuOf(pid: number): number | undefined {
  try {
    return cpuMs(pid);
  } catch {
    return undefined;
  }
}

export class BackendCpu {
  /** Per backend: its CPU when first seen in the window (0 if it started during it), and the last read. */
  private readonly seen = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | undefined;
  /** The sample under way: one at a time on the one connection. */
  private sampling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly client: pg.Client,
    private readonly where: PostgresBackends,
  ) {}

  static async of(where: PostgresBackends): Promise<BackendCpu> {
    const client = new pg.Client({ connectionString: where.url, application_name: 'volley-bench-backend-cpu' });
    await client.connect();
    return new BackendCpu(client, where);
  }

  private async pids(): Promise<number[]> {
    const { rows } = await this.client.query<{ pid: number }>(
      `select pid from pg_stat_activity where backend_type = 'client backend' and (datname = $1 or application_name = $2)`,
      [this.where.database ?? null, this.where.application ?? null],
    );
    return rows.map((row) => row.pid);
  }

  private sample(starting: boolean): Promise<void> {
    this.sampling = this.sampling.then(() => this.read(starting));
    return this.sampling;
  }

  private async read(starting: boolean): Promise<void> {
    for (const pid of await this.pids()) {
      const now = cpuOf(pid);
      if (now === undefined) continue;
      const known = this.seen.get(pid);
      if (known) known.last = now;
      else this.seen.set(pid, { first: starting ? now : 0, last: now });
    }
  }

  /** Starts the window: the backends now connected count from their CPU now, later ones from 0. */
  async start(): Promise<void> {
    this.seen.clear();
    await this.sample(true);
    // A backend that exits between two samples keeps the CPU of its last one.
    this.timer = setInterval(() => void this.sample(false), SAMPLE_MS);
  }

  /** Ends the window: the backends' CPU (ms) spent in it. */
  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.sample(false);
    let total = 0;
    for (const { first, last } of this.seen.values()) total += last - first;
    return total;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.client.end();
  }
}
