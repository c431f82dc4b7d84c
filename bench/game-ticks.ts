/**
 * The game clock under load: 100 concurrent games (200 real player sockets) on Volley's embedded
 * server in its own process, alone, then while the chat benchmark's 1,000 clients / 100 rooms /
 * 200 sends/s run against the same server process (embedded) and against a second one (scale-out).
 *
 *   npm run game -w bench -- [--games 100] [--seconds 15] [--no-chat]
 *   (= tsx --conditions=source game-ticks.ts; DATABASE_URL / REDIS_URL as for the server)
 *
 * Prints, per run: the interval between ticks as the server's clock saw it (p50/p99/p99.9, and the
 * jitter |interval − 16.67 ms|), the server's CPU, and input-to-broadcast — from a player sending
 * an input to the first snapshot acknowledging it — with the share reflected in the very next
 * snapshot. Needs no build (the server runs from sources); the machine's other load shows up in
 * the figures.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { socketProtocols, TICK_MS, type Direction, type GameServerFrame, type Snapshot } from '@volley/shared';
import WebSocket from 'ws';
import { registerUsers } from './lib/clients.js';
import type { GameServerReply, GameServerRequest } from './lib/game-server.js';
import { percentile } from './lib/stats.js';

const { values } = parseArgs({ options: { games: { type: 'string', default: '100' }, seconds: { type: 'string', default: '15' }, 'no-chat': { type: 'boolean', default: false } } });
const games = Number(values.games);
const seconds = Number(values.seconds);
const PORT = 18460;
const WARMUP_MS = 4000;
const tsx = ['--import', 'tsx'];

function child(script: string, args: string[], execArgv: string[], env: Record<string, string> = {}): ChildProcess {
  return fork(new URL(script, import.meta.url).pathname, args, { execArgv, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
}

function nextMessage<T extends { type: string }>(proc: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve) => {
    const listener = (message: T) => {
      if (message.type !== type) return;
      proc.off('message', listener);
      resolve(message);
    };
    proc.on('message', listener);
  });
}

/** Seconds of CPU the process has used (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A player that follows the ball (and so sends inputs as a person would), timing each input. */
class BenchPlayer {
  private seq = 0;
  private last: Direction = 0;
  private snaps = 0;
  private readonly pending = new Map<number, { at: number; snapsBefore: number }>();
  side: 0 | 1 = 0;
  measuring = false;
  readonly latencies: number[] = [];
  nextSnapHits = 0;
  over = false;
  readonly welcomed: Promise<void>;

  constructor(url: string, token: string) {
    const ws = new WebSocket(url, socketProtocols(token));
    this.welcomed = new Promise((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as GameServerFrame;
        if (frame.t === 'welcome') {
          this.side = frame.side!;
          resolve();
        } else if (frame.t === 'snap') this.snap(ws, frame.s);
        else if (frame.t === 'over') this.over = true;
      });
    });
    this.close = () => ws.terminate();
  }

  close: () => void;

  private snap(ws: WebSocket, s: Snapshot): void {
    const now = performance.now();
    this.snaps += 1;
    const ack = s[11 + this.side] as number;
    for (const [seq, sent] of this.pending) {
      if (seq > ack) continue;
      this.pending.delete(seq);
      if (!this.measuring) continue;
      this.latencies.push(now - sent.at);
      if (this.snaps === sent.snapsBefore + 1) this.nextSnapHits += 1;
    }
    const ballY = s[4];
    const paddle = s[7 + this.side] as number;
    const dir: Direction = ballY > paddle + 6 ? 1 : ballY < paddle - 6 ? -1 : 0;
    if (dir === this.last) return;
    this.last = dir;
    this.seq += 1;
    this.pending.set(this.seq, { at: performance.now(), snapsBefore: this.snaps });
    ws.send(JSON.stringify({ t: 'input', seq: this.seq, dir }));
  }
}

/** A Volley server process (embedded composition: api + sync + game) on `port`; its url. */
async function startServer(port: number): Promise<{ proc: ChildProcess; url: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-bench-game-'));
  // BENCH_VOLLEY_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers, as in servers.ts.
  const nodeArgs = process.env.BENCH_VOLLEY_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const proc = child('./lib/game-server.ts', [], [...nodeArgs, ...tsx, '--conditions=source'], { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const { url } = await nextMessage<Extract<GameServerReply, { type: 'ready' }>>(proc, 'ready');
  const stop = () =>
    new Promise<void>((resolve) => {
      proc.once('exit', () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve();
      });
      proc.send({ type: 'stop' } satisfies GameServerRequest);
    });
  return { proc, url, stop };
}

const gameServer = await startServer(PORT);
const { proc: server, url } = gameServer;
const ask = <T extends GameServerReply>(request: GameServerRequest, type: T['type']) => {
  const reply = nextMessage<T>(server, type);
  server.send(request);
  return reply;
};

const users = await registerUsers(`${url}/api/v1`, 2 * games, `g${Date.now().toString(36)}_`);
const pairs = Array.from({ length: games }, (_, i) => [users[2 * i]!.id, users[2 * i + 1]!.id] as [string, string]);

/** Fresh games for each run (a long setup must not see the games of the run before end). */
async function startGames(): Promise<BenchPlayer[]> {
  const { ids } = await ask<Extract<GameServerReply, { type: 'games' }>>({ type: 'games', pairs }, 'games');
  const players = ids.flatMap((id, i) => [0, 1].map((side) => new BenchPlayer(`${url.replace('http', 'ws')}/game/${id}`, users[2 * i + side]!.token)));
  await Promise.all(players.map((p) => p.welcomed));
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  return players;
}

async function measure(name: string): Promise<string> {
  const players = await startGames();
  await ask({ type: 'ticks' }, 'ticks');
  const cpuBefore = cpuSeconds(server.pid!);
  const startedAt = performance.now();
  for (const p of players) {
    p.latencies.length = 0;
    p.nextSnapHits = 0;
    p.measuring = true;
  }
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  for (const p of players) p.measuring = false;
  const elapsed = (performance.now() - startedAt) / 1000;
  const cpu = (cpuSeconds(server.pid!) - cpuBefore) / elapsed;
  const { intervals } = await ask<Extract<GameServerReply, { type: 'ticks' }>>({ type: 'ticks' }, 'ticks');
  const sorted = [...intervals].sort((a, b) => a - b);
  const jitter = intervals.map((i) => Math.abs(i - TICK_MS)).sort((a, b) => a - b);
  const latencies = players.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const nextSnap = players.reduce((sum, p) => sum + p.nextSnapHits, 0);
  const live = players.filter((p) => !p.over).length / 2;
  players.forEach((p) => p.close());
  const f = (n: number) => n.toFixed(2);
  return (
    `| ${name} | ${live} | ${intervals.length} (${f(intervals.length / elapsed)}/s) | ${f(percentile(sorted, 50))} / ${f(percentile(sorted, 99))} / ${f(percentile(sorted, 99.9))} | ` +
    `${f(percentile(jitter, 50))} / ${f(percentile(jitter, 99))} / ${f(percentile(jitter, 99.9))} | ${(cpu * 100).toFixed(0)} % | ` +
    `${f(percentile(latencies, 50))} / ${f(percentile(latencies, 99))} / ${f(percentile(latencies, 99.9))} | ${latencies.length} (${((100 * nextSnap) / Math.max(1, latencies.length)).toFixed(1)} % next snapshot) |`
  );
}

const rows = [await measure(`${games} games alone`)];
const notes: string[] = [];
const chatClients = Number(process.env.CHAT_CLIENTS ?? 1000);
// The chat load on the game's own process (the embedded default), then on a second server process
// (scale-out, where api and sync servers are apart: only the cores are shared).
for (const placement of values['no-chat'] ? [] : (['same process', 'another process'] as const)) {
  const chatServer = placement === 'same process' ? undefined : await startServer(PORT + 1);
  // The chat clients register and connect before the run's games start, outside any measurement.
  const chat = child('./lib/chat-load.ts', [chatServer?.url ?? url], tsx);
  await nextMessage(chat, 'ready');
  chat.send({ type: 'go' });
  rows.push(await measure(`${games} games + chat on ${placement} (${chatClients} clients, 100 rooms, 200 sends/s)`));
  const stopped = nextMessage<{ type: 'stopped'; sent: number; received: number }>(chat, 'stopped');
  chat.send({ type: 'stop' });
  const { sent, received } = await stopped;
  notes.push(`chat on ${placement}: ${sent} messages sent, ${received} deliveries received by the chat clients`);
  await chatServer?.stop();
}
await gameServer.stop();

console.log(`\n${games} games, ${seconds} s each, database: ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, bus: ${process.env.REDIS_URL ? 'Redis' : 'in-process'}`);
console.log('\n| run | games live at the end | ticks (rate) | tick interval p50 / p99 / p99.9 (ms) | jitter p50 / p99 / p99.9 (ms) | server CPU | input → broadcast p50 / p99 / p99.9 (ms) | inputs measured |');
console.log('|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
process.exit(0);
