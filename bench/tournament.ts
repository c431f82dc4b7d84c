/**
 * A 64-player tournament played to its winner by 64 scripted clients through the documented
 * sockets, with a spectator following the bracket (docs/architecture.md §9):
 *
 *   npm run build && npm run tournament -w bench [-- --players 64] [--profile]
 *
 * (with DATABASE_URL and REDIS_URL set, on PostgreSQL + Redis). Each player opens
 * `/game/tournaments/<id>`, which brings the bracket at every version, as the PWA's page shows it;
 * when its match has a game it opens `/game/<gameId>` and holds its paddle to a wall (first to 1
 * point decides). The spectator only follows the bracket. Printed:
 * - match start: from both players' sockets admitted (the later `welcome`) to the first tick of
 *   the game (the countdown starting), per match;
 * - result on the spectator's screen: from the game's `over` frame (the first player's) to the
 *   spectator's frame whose bracket shows that match decided; and the same from the decisive
 *   point (the first snapshot whose score reaches the limit), which the host frames before it
 *   records the match and notifies the players — what a player or spectator of the game saw end;
 * - the server's CPU over the tournament, and the same without the game ticks (the games
 *   themselves, `volley_game_tick_cpu_seconds_total`): the tournament machinery — its steps,
 *   sweeps, its sockets and the bracket read once per version — plus the game sockets' opening and
 *   inputs, as a share of one core over the tournament's duration;
 * - the largest tournament frame (the bracket in it);
 * - with `--profile`, the server runs under `node --cpu-prof` (slower: its figures are not the
 *   ones above) and the CPU spent in the tournament's own code is counted from the profile
 *   (bench/lib/cpu-profile.ts): stacks through api/src/tournaments, the tournament routes and the
 *   sync server's tournament posts — steps, sweeps, registration, the watchers' reads and frames,
 *   the notifications and lines a step sends — as a share of one core over the tournament.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { socketProtocols, type BracketMatch, type GameServerFrame, type TournamentServerFrame } from '@volley/shared';
import WebSocket from 'ws';
import { cpuMs } from './lib/cpu.js';
import { cpuInFiles } from './lib/cpu-profile.js';
import { freePort } from './lib/processes.js';
import { startVolley } from './lib/servers.js';
import { loadLine } from './lib/load.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { players: { type: 'string', default: '64' }, profile: { type: 'boolean', default: false } } });
const PLAYERS = Number(values.players);
const profileDir = values.profile ? mkdtempSync(join(tmpdir(), 'volley-tournament-prof-')) : undefined;
/** The tournament's own code, in the built server. */
const TOURNAMENT_CODE = /\/api\/dist\/(tournaments|routes\/tournaments)\/|\/sync-server\/dist\/watchers\/tournament-posts\.js$/;

interface Account {
  id: string;
  token: string;
}

const port = await freePort();
const metricsPort = await freePort();
const server = await startVolley(port, { env: { METRICS_PORT: String(metricsPort) }, ...(profileDir && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] }) });
const api = server.apiUrl!;
const wsBase = `ws://127.0.0.1:${port}`;

async function call<T>(account: Account | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(api + path, {
    method,
    headers: { ...(account && { authorization: `Bearer ${account.token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

async function signUp(i: number): Promise<Account> {
  const username = `t${i}_${Math.random().toString(36).slice(2, 8)}`;
  const auth = await call<{ accessToken: string; user: { id: string } }>(null, 'POST', '/auth/register', { username, email: `${username}@example.test`, password: 'correct horse battery staple' });
  return { id: auth.user.id, token: auth.accessToken };
}

const tickCpuSeconds = async (): Promise<number> => {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return Number(/^volley_game_tick_cpu_seconds_total (\S+)$/m.exec(text)?.[1] ?? 0);
};

/** Opens `/game/<path>` and hands each JSON frame to `onFrame`. */
const sockets = new Set<WebSocket>();
let largestFrame = 0;
function socket<F>(path: string, account: Account, onFrame: (frame: F, ws: WebSocket) => void): WebSocket {
  const ws = new WebSocket(`${wsBase}/game/${path}`, socketProtocols(account.token));
  ws.on('message', (data) => {
    const text = data.toString();
    if (path.startsWith('tournaments/')) largestFrame = Math.max(largestFrame, Buffer.byteLength(text));
    onFrame(JSON.parse(text) as F, ws);
  });
  ws.on('error', () => undefined);
  sockets.add(ws);
  ws.on('close', () => sockets.delete(ws));
  return ws;
}

const decided = (m: BracketMatch) => m.status === 'completed' || m.status === 'archived';

// Per game: the later `welcome` of its two players, its first tick, its first `over`.
const welcomes = new Map<string, number[]>();
const started = new Map<string, number>();
const over = new Map<string, number>();
/** Per game, the first snapshot whose score reached the limit (1). */
const decisive = new Map<string, number>();
const shownDecided = new Map<string, number>();
/** Every game the bracket named: more than the matches when a game was lost with its host (or nobody came) and played again. */
const gamesOpened = new Set<string>();

const owner = await signUp(0);
const accounts = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => signUp(i + 1)));
const SCORE_LIMIT = 1;
const tournament = await call<{ id: string }>(owner, 'POST', '/tournaments', { name: 'Bench cup', size: PLAYERS, settings: { scoreLimit: SCORE_LIMIT, ballSpeed: 'fast' } });
/** Follows the tournament as a player's page does: at each version, the bracket; its own match's game when there is one. */
function player(account: Account): void {
  const playing = new Set<string>();
  socket<TournamentServerFrame>(`tournaments/${tournament.id}`, account, (frame) => {
    if (frame.t !== 'changed') return;
    for (const m of frame.bracket.rounds.flatMap((r) => r.matches)) {
      if (!m.gameId || decided(m) || playing.has(m.gameId) || !m.opponents.some((o) => o?.user?.id === account.id)) continue;
      playing.add(m.gameId);
      play(account, m.gameId);
    }
  });
}

function play(account: Account, gameId: string): void {
  socket<GameServerFrame>(gameId, account, (frame, ws) => {
    const now = performance.now();
    if (frame.t === 'welcome' && frame.role === 'player') {
      welcomes.set(gameId, [...(welcomes.get(gameId) ?? []), now]);
      // Held to opposite walls: the first serve decides.
      ws.send(JSON.stringify({ t: 'input', seq: 1, dir: frame.side === 0 ? -1 : 1 }));
    } else if (frame.t === 'snap') {
      if (frame.s[0] > 0 && !started.has(gameId)) started.set(gameId, now);
      if (Math.max(frame.s[9], frame.s[10]) >= SCORE_LIMIT && !decisive.has(gameId)) decisive.set(gameId, now);
    } else if (frame.t === 'over') {
      if (!over.has(gameId)) over.set(gameId, now);
      ws.close();
    }
  });
}

// The spectator: the bracket at each version, noting when each match first shows decided.
let finished: () => void;
const done = new Promise<void>((resolve) => (finished = resolve));
socket<TournamentServerFrame>(`tournaments/${tournament.id}`, owner, (frame) => {
  if (frame.t !== 'changed') return;
  const now = performance.now();
  const matches = frame.bracket.rounds.flatMap((r) => r.matches);
  for (const m of matches) {
    if (m.gameId) gamesOpened.add(m.gameId);
    if (!m.gameId || !decided(m) || shownDecided.has(m.gameId)) continue;
    shownDecided.set(m.gameId, now);
  }
  if (matches.length > 0 && matches.every((m) => decided(m) || m.opponents.some((o) => o === null))) finished();
});

for (const account of accounts) player(account);
const loadBefore = loadavg();
const [cpuBefore, ticksBefore, t0] = [cpuMs(server.pid), await tickCpuSeconds(), performance.now()];
for (const account of accounts) await call(account, 'POST', `/tournaments/${tournament.id}/register`);
const timeout = setTimeout(() => finished(), 600_000);
await done;
clearTimeout(timeout);
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = (cpuMs(server.pid) - cpuBefore) / 1000;
const gameTicks = (await tickCpuSeconds()) - ticksBefore;

const starts = [...started].flatMap(([game, at]) => {
  const both = welcomes.get(game);
  return both && both.length === 2 ? [at - Math.max(...both)] : [];
});
const results = [...over].flatMap(([game, at]) => (shownDecided.has(game) ? [shownDecided.get(game)! - at] : []));
const fromPoint = [...decisive].flatMap(([game, at]) => (shownDecided.has(game) ? [shownDecided.get(game)! - at] : []));
const ms = (v: number) => `${v.toFixed(0)} ms`;
const line = (label: string, values: number[], v = [...values].sort((a, b) => a - b)) => console.log(`${label.padEnd(42)} n=${v.length}  p50 ${ms(percentile(v, 50))}  p99 ${ms(percentile(v, 99))}  max ${ms(Math.max(...v))}`);
console.log(`\n${PLAYERS}-player tournament on ${process.env.DATABASE_URL ? 'PostgreSQL + Redis' : 'PGlite'}: ${over.size} games played to a result in ${seconds.toFixed(1)} s (${gamesOpened.size} opened: the rest lost with their host or not come to, and replayed); largest tournament frame ${(largestFrame / 1024).toFixed(1)} KiB`);
line('match start after both players admitted', starts);
line('result on the spectator’s bracket', results);
line('the same, from the decisive point', fromPoint);
console.log(`server CPU: ${cpuSeconds.toFixed(2)} s (${((100 * cpuSeconds) / seconds).toFixed(1)} % of a core); game ticks ${gameTicks.toFixed(2)} s; the rest ${(cpuSeconds - gameTicks).toFixed(2)} s = ${((100 * (cpuSeconds - gameTicks)) / seconds).toFixed(1)} % of a core`);
console.log(loadLine(loadBefore, 'at the start', 'at the end'));
process.exitCode = over.size === PLAYERS - 1 && results.length === PLAYERS - 1 ? 0 : 1;
for (const ws of sockets) ws.terminate();
await server.stop();
if (profileDir) {
  const { totalMs, inFilesMs } = cpuInFiles(profileDir, TOURNAMENT_CODE);
  console.log(
    `profiled (node --cpu-prof, the whole run): main thread ${(totalMs / 1000).toFixed(2)} s; in the tournament's own code ${(inFilesMs / 1000).toFixed(2)} s = ${((100 * inFilesMs) / 1000 / seconds).toFixed(1)} % of a core over the tournament`,
  );
  rmSync(profileDir, { recursive: true, force: true });
}
process.exit();
