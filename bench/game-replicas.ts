/**
 * Pong on two api processes (docs/architecture.md §6): N games at once, each player of a game on a
 * different process (the left one on the host, which it reached first; the right one relayed over
 * Redis), a spectator on either. Counts the games that start and finish with a recorded match, and
 * measures input-to-acknowledgement (an input's seq echoed in a snapshot) for the host's player and
 * the relayed one: the difference is what the relay costs (one bus hop up, one down).
 *
 *   DATABASE_URL=postgres://… REDIS_URL=redis://… npm run replicas -w bench -- [--games 10] [--points 5] [--together]
 *
 * `--together` puts both players of a game on its host (the baseline: nothing relayed). The game
 * clock's lateness (volley_game_tick_jitter_seconds, both processes' /metrics) is printed too.
 *
 * Needs PostgreSQL and Redis; the api processes run from sources on a database of their own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { connectDb, createReadyGame, Match } from '@volley/core';
import { GameSettings, socketProtocols, type Direction, type GameServerFrame, type Side, type Snapshot } from '@volley/shared';
import { paddleMove } from '@volley/shared/testing';
import WebSocket from 'ws';
import { registerUsers } from './lib/clients.js';
import { freePort, kill, ownDatabase, proc } from './lib/processes.js';
import { ms, summarize } from './lib/stats.js';

const { values } = parseArgs({ options: { games: { type: 'string', default: '10' }, points: { type: 'string', default: '5' }, together: { type: 'boolean', default: false } } });
const games = Number(values.games);
if (!process.env.DATABASE_URL || !process.env.REDIS_URL) throw new Error('DATABASE_URL and REDIS_URL are needed: the processes share PostgreSQL and Redis');

/** Probes: the current direction again under a new seq this often, so latency is measured without changing the play. */
const PROBE_MS = 100;

interface Seat {
  latencies: number[];
  over: Promise<Extract<GameServerFrame, { t: 'over' }>>;
}

/** A player: chases the ball (`chase`) or flees it (a sure miss), and probes its input latency. */
function player(url: string, gameId: string, token: string, side: Side | undefined, chase: boolean): Seat {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/game/${gameId}`, socketProtocols(token));
  const sent = new Map<number, number>();
  const latencies: number[] = [];
  let seq = 0;
  let dir: Direction = 0;
  let acked = 0;
  const input = (d: Direction) => {
    dir = d;
    sent.set(++seq, performance.now());
    ws.send(JSON.stringify({ t: 'input', seq, dir }));
  };
  const over = new Promise<Extract<GameServerFrame, { t: 'over' }>>((resolve, reject) => {
    ws.on('close', (code) => reject(new Error(`game ${gameId}: closed ${code} before the end`)));
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as GameServerFrame;
      if (frame.t === 'over') return resolve(frame);
      if (frame.t !== 'snap') return;
      const s: Snapshot = frame.s;
      if (side === undefined) return;
      const ack = side === 0 ? s[11] : s[12];
      for (; acked < ack; acked++) {
        const at = sent.get(acked + 1);
        if (at !== undefined) latencies.push(performance.now() - at);
        sent.delete(acked + 1);
      }
      const next = paddleMove(s, side, chase);
      if (next !== dir) input(next);
    });
  });
  over.catch(() => undefined);
  if (side !== undefined) {
    const probe = setInterval(() => ws.readyState === WebSocket.OPEN && input(dir), PROBE_MS);
    over.finally(() => clearInterval(probe)).catch(() => undefined);
  }
  over.finally(() => ws.close()).catch(() => undefined);
  return { latencies, over };
}

const database = await ownDatabase(process.env.DATABASE_URL);
const env = {
  DATA_DIR: mkdtempSync(join(tmpdir(), 'volley-bench-replicas-')),
  JWT_SECRET: randomBytes(32).toString('hex'),
  DATABASE_URL: database.url,
  REDIS_PREFIX: `volley-bench-${randomBytes(4).toString('hex')}:`,
};
const metricsPorts = [await freePort(), await freePort()];
const apis = await Promise.all(metricsPorts.map(async (port) => proc('api', false, { ...env, METRICS_PORT: String(port) }, await freePort())));

/** The tick lateness histogram of both processes, summed: the share of ticks under each bound. */
async function tickLateness(): Promise<string> {
  const counts = new Map<string, number>();
  for (const port of metricsPorts) {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const [, le, n] of text.matchAll(/^volley_game_tick_jitter_seconds_bucket\{le="([^"]+)"\} (\d+)/gm)) counts.set(le!, (counts.get(le!) ?? 0) + Number(n));
  }
  const all = counts.get('+Inf') ?? 0;
  const share = (le: string) => `${(((counts.get(le) ?? 0) / all) * 100).toFixed(1)} % ≤ ${Number(le) * 1000} ms`;
  return `${all} ticks: ${['0.002', '0.008', '0.016', '0.033'].map(share).join(', ')}`;
}
try {
  await Promise.all(apis.map((p) => p.start()));
  const urls = apis.map((p) => `http://127.0.0.1:${p.port}`);
  const db = await connectDb({ databaseUrl: database.url, dataDir: null });
  const users = await registerUsers(`${urls[0]}/api/v1`, games * 2 + 1, `b${randomBytes(2).toString('hex')}_`);
  const settings = GameSettings.parse({ scoreLimit: Number(values.points), ballSpeed: 'fast' });
  const began = performance.now();
  const played = await Promise.all(
    Array.from({ length: games }, async (_, i) => {
      const [left, right] = [users[2 * i]!, users[2 * i + 1]!];
      const game = await createReadyGame(db, { leftId: left.id, rightId: right.id, settings });
      const [host, away] = i % 2 === 0 ? [urls[0]!, urls[1]!] : [urls[1]!, urls[0]!];
      const other = values.together ? host : away;
      const local = player(host, game.id, left.token, 0, true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const relayed = player(other, game.id, right.token, 1, false);
      const spectator = player(i % 3 === 0 ? host : other, game.id, users.at(-1)!.token, undefined, false);
      const outcome = await Promise.all([local.over, relayed.over, spectator.over]).then(
        async ([over]) => ((await Match.query(db).findOne({ game_id: game.id }))?.id === over.matchId ? 'recorded' : 'unrecorded'),
        (err: unknown) => String(err),
      );
      return { outcome, local: local.latencies, relayed: relayed.latencies };
    }),
  );
  const seconds = (performance.now() - began) / 1000;
  const finished = played.filter((g) => g.outcome === 'recorded').length;
  const line = (name: string, samples: number[]) => {
    const s = summarize(samples);
    return `${name}p50 ${ms(s.p50)}, p99 ${ms(s.p99)}, max ${ms(s.max)} (${s.count} inputs)`;
  };
  console.log(`${finished} of ${games} games started and finished with a recorded match, in ${seconds.toFixed(1)} s`);
  for (const g of played) if (g.outcome !== 'recorded') console.log(`  not finished: ${g.outcome}`);
  console.log(`input → acknowledging snapshot, player on the host          ${line('', played.flatMap((g) => g.local))}`);
  console.log(`input → acknowledging snapshot, ${values.together ? 'other player on the host  ' : 'player relayed (bus)       '} ${line('', played.flatMap((g) => g.relayed))}`);
  console.log(`game clock lateness (both processes): ${await tickLateness()}`);
  await db.destroy();
} finally {
  await Promise.all(apis.map((p) => p.child && kill(p, 'SIGTERM')));
  await database.drop();
}
