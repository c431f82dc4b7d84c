/**
 * The crash drill: stock y-websocket clients send through their outboxes at a
 * steady rate while a server process is killed with SIGKILL at random moments and started again on
 * the same data. After each restart it checks, until all hold: every message whose send was
 * accepted (an `accepted` outcome, or in the history API) is in its segment document exactly once,
 * the documents agree with the history API, and every op queued before the kill has its outcome.
 *
 * `embedded`: the embedded server (PGlite in its data directory, or PostgreSQL when a database URL
 * is given). `scale-out`: two sync servers and one api on PostgreSQL + Redis; one sync server is killed.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { ConvDoc, convRoom, newId, queueSend, userRoom, UserDoc, type HistoryMessage, type HistoryPage, type Message } from '@volley/shared';
import { channelOf, open, registerUsers, type VolleyUser } from './clients.js';
import { freePort, kill, ownDatabase, proc, sleep, type Proc } from './processes.js';
import { UNLIMITED_OPS } from './servers.js';

export interface DrillOptions {
  mode: 'embedded' | 'scale-out';
  kills: number;
  /** Sends per second, across all users (100). */
  rate?: number;
  users?: number;
  /** How long the load runs before each kill: a random time between these (ms). */
  runMs?: [number, number];
  /** A PostgreSQL server (its URL) on which the drill makes a database of its own; scale-out needs one. */
  databaseUrl?: string;
  redisUrl?: string;
  /** How long after a restart to keep checking before giving up on convergence (ms). */
  patienceMs?: number;
  /** Run the packages' built `dist/main.js` (after `npm run build`) rather than their sources through tsx. */
  built?: boolean;
  log?: (line: string) => void;
}

export interface KillReport {
  kill: number;
  /** Sends accepted so far (outcome or history). */
  accepted: number;
  /** At the last check: accepted messages missing from their segment, messages with several copies, documents' messages the history shows otherwise, ops queued before the kill without an outcome. */
  missing: number;
  duplicated: number;
  disagreeing: number;
  undecided: number;
  /**
   * From the restarted process answering /readyz: to the first check where the documents held
   * (none missing, duplicated or disagreeing), where every op queued before the kill had its
   * outcome, and where both held; null if that never happened within the patience.
   */
  documentsMs: number | null;
  decidedMs: number | null;
  convergedMs: number | null;
}

/** One user's session: their `user.<id>` document and its outbox's outcomes (accepted sends are left to the server's prune, as the PWA leaves them). */
function session(syncUrl: string, user: VolleyUser) {
  const doc = new Y.Doc();
  const provider = open(syncUrl, userRoom(user.id), doc, user.token);
  const outcomes = new Map<string, { status: string; seq?: number }>();
  const outbox = UserDoc.outbox(doc);
  outbox.observe((event) => {
    for (const key of event.keysChanged) {
      const entry = outbox.get(key) as { status?: string; seq?: number } | undefined;
      if (entry?.status === undefined) continue;
      outcomes.set(key, { status: entry.status, ...(entry.seq !== undefined && { seq: entry.seq }) });
    }
  });
  return { doc, provider, outcomes };
}

/**
 * The conversation's history through the API, newest first, paged. A message's seq is given at its
 * commit, after every earlier commit's: pages are read only down to the newest one already known.
 */
async function history(apiUrl: string, user: VolleyUser, convId: string, known: Map<string, HistoryMessage>): Promise<Map<string, HistoryMessage>> {
  const newest = Math.max(0, ...[...known.values()].map((m) => m.seq));
  let before: string | null = null;
  do {
    const res = await fetch(`${apiUrl}/conversations/${convId}/messages?limit=200${before ? `&before=${before}` : ''}`, { headers: { authorization: `Bearer ${user.token}` } });
    if (!res.ok) throw new Error(`history: ${res.status}`);
    const page = (await res.json()) as HistoryPage;
    for (const message of page.items) known.set(message.id, message);
    before = page.items.some((m) => m.seq <= newest) ? null : page.nextCursor;
  } while (before);
  return known;
}

/** Every message of each segment as a newly connected reader gets it; undefined if a segment did not sync in time. */
async function documents(syncUrl: string, user: VolleyUser, convId: string, segments: number): Promise<Map<number, Message[]> | undefined> {
  const read = async (n: number) => {
    const doc = new Y.Doc();
    const provider = open(syncUrl, convRoom(convId, n), doc, user.token);
    try {
      const synced = await Promise.race([new Promise<boolean>((resolve) => provider.once('sync', () => resolve(true))), sleep(3000).then(() => false)]);
      return synced ? ConvDoc.messages(doc).toArray() : undefined;
    } finally {
      provider.destroy();
      doc.destroy();
    }
  };
  const docs = await Promise.all(Array.from({ length: segments }, (_, n) => read(n)));
  return docs.some((d) => d === undefined) ? undefined : new Map(docs.map((messages, n) => [n, messages!]));
}

export async function crashDrill(options: DrillOptions): Promise<KillReport[]> {
  const { mode, kills, built = false, rate = 100, users: userCount = 10, runMs = [2000, 6000], patienceMs = 15_000, log = () => {} } = options;
  if (mode === 'scale-out' && !(options.databaseUrl && options.redisUrl)) throw new Error('scale-out needs a database URL and a Redis URL');
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-crash-'));
  const database = options.databaseUrl ? await ownDatabase(options.databaseUrl) : undefined;
  // A stand-in PWA build: the embedded server needs one, the drill never opens it.
  mkdirSync(join(dataDir, 'pwa'));
  writeFileSync(join(dataDir, 'pwa', 'index.html'), '<!doctype html><title>Volley</title>');
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PWA_DIR: join(dataDir, 'pwa'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    // 100 sends a second from 10 users is over an account's default op rate: the drill is about crashes.
    ...UNLIMITED_OPS,
    ...(database && { DATABASE_URL: database.url }),
    ...(options.redisUrl && { REDIS_URL: options.redisUrl }),
  };
  const procs: Proc[] = [];
  const sessions: ReturnType<typeof session>[] = [];
  let sending: NodeJS.Timeout | undefined;
  try {
    let apiUrl: string;
    let syncUrls: string[];
    let victim: Proc;
    if (mode === 'embedded') {
      victim = proc('server', built, env, await freePort());
      procs.push(victim);
      apiUrl = `http://127.0.0.1:${victim.port}/api/v1`;
      syncUrls = [`ws://127.0.0.1:${victim.port}/sync`];
    } else {
      const [api, a, b] = [proc('api', built, env, await freePort()), proc('sync-server', built, env, await freePort()), proc('sync-server', built, env, await freePort())];
      procs.push(api, a, b);
      victim = a;
      apiUrl = `http://127.0.0.1:${api.port}/api/v1`;
      syncUrls = [a, b].map((p) => `ws://127.0.0.1:${p.port}/sync`);
    }
    // One at a time: the first one migrates the database.
    for (const p of procs) await p.start();

    const users = await registerUsers(apiUrl, userCount, `crash${randomBytes(3).toString('hex')}_`);
    const convId = await channelOf(apiUrl, users, `crash-${randomBytes(3).toString('hex')}`);
    users.forEach((user, i) => sessions.push(session(syncUrls[i % syncUrls.length]!, user)));
    const queued = new Map<string, { user: number; at: number }>();
    let turn = 0;
    sending = setInterval(() => {
      const user = turn++ % sessions.length;
      queued.set(queueSend(sessions[user]!.doc, newId(), convId, `message ${turn}`), { user, at: Date.now() });
    }, 1000 / rate);

    const accepted = () => sessions.flatMap((s) => [...s.outcomes].filter(([, o]) => o.status === 'accepted').map(([id]) => id));
    let segments = 1;
    const recorded = new Map<string, HistoryMessage>();
    const reports: KillReport[] = [];
    for (let k = 1; k <= kills; k++) {
      await sleep(runMs[0] + Math.random() * (runMs[1] - runMs[0]));
      const killedAt = Date.now();
      await kill(victim, 'SIGKILL');
      await victim.start();
      const restartedAt = Date.now();
      if (process.env.CRASH_VERBOSE) log(`  restarted in ${restartedAt - killedAt} ms`);
      const before = [...queued].filter(([, q]) => q.at < killedAt).map(([id]) => id);
      // What the history holds once the process is back: everything committed before the kill.
      const committed = new Set((await history(apiUrl, users[0]!, convId, recorded)).keys());
      let report: KillReport | undefined;
      let documentsMs: number | null = null;
      let decidedMs: number | null = null;
      let held = { missing: 0, duplicated: 0, disagreeing: 0 };
      // Outcomes known at the previous check: an outcome is sent once the segment write is durable,
      // but a reader on another instance sees that write only when the bus brings it there.
      let outcomes = accepted();
      while (!report || (report.convergedMs === null && Date.now() - restartedAt < patienceMs)) {
        const undecided = before.filter((id) => !sessions[queued.get(id)!.user]!.outcomes.has(id)).length;
        if (undecided === 0) decidedMs ??= Date.now() - restartedAt;
        // The documents are read until they hold, then once more when every op is decided: reading
        // them is not free for the servers that are catching up.
        if (documentsMs === null || decidedMs !== null) {
          // Every segment the history has shown so far is read (it showed a new one at the restart).
          segments = Math.max(segments, ...[...recorded.values()].map((m) => m.segment + 1));
          // The documents first: whatever they show was recorded before the history is read.
          const docs = await documents(syncUrls[0]!, users[0]!, convId, segments);
          await history(apiUrl, users[0]!, convId, recorded);
          segments = Math.max(segments, ...[...recorded.values()].map((m) => m.segment + 1));
          const copies = new Map<string, number>();
          let disagreeing = 0;
          for (const [n, messages] of docs ?? []) {
            for (const message of messages) {
              copies.set(message.id, (copies.get(message.id) ?? 0) + 1);
              const row = recorded.get(message.id);
              if (!row || row.seq !== message.seq || row.segment !== n || row.body !== message.body) disagreeing++;
            }
          }
          const required = new Set([...committed, ...outcomes]);
          held = { missing: docs ? [...required].filter((id) => !copies.has(id)).length : required.size, duplicated: [...copies.values()].filter((n) => n > 1).length, disagreeing };
          documentsMs = held.missing + held.duplicated + held.disagreeing === 0 ? (documentsMs ?? Date.now() - restartedAt) : null;
          outcomes = accepted();
        }
        const now = Date.now() - restartedAt;
        report = { kill: k, accepted: new Set([...recorded.keys(), ...outcomes]).size, ...held, undecided, documentsMs, decidedMs, convergedMs: documentsMs !== null && decidedMs !== null ? now : null };
        if (process.env.CRASH_VERBOSE) log(`  ${now} ms: ${JSON.stringify(report)}`);
        if (report.convergedMs === null) await sleep(documentsMs === null ? 500 : 100);
      }
      const ms = (value: number | null) => (value === null ? `not within ${patienceMs} ms` : `${value} ms`);
      log(`kill ${k}: accepted ${report.accepted}, missing ${report.missing}, duplicated ${report.duplicated}, disagreeing ${report.disagreeing}, undecided ${report.undecided}; after the restart the documents held in ${ms(report.documentsMs)}, every op was decided in ${ms(report.decidedMs)} (restart took ${restartedAt - killedAt} ms)`);
      reports.push(report);
    }
    const rejected = sessions.flatMap((s) => [...s.outcomes.values()].filter((o) => o.status !== 'accepted'));
    if (rejected.length > 0) log(`${rejected.length} sends rejected`);
    return reports;
  } finally {
    clearInterval(sending);
    for (const s of sessions) {
      s.provider.destroy();
      s.doc.destroy();
    }
    await Promise.all(procs.map((p) => p.child && kill(p, 'SIGTERM')));
    await database?.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
