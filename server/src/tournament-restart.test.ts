/**
 * Tournaments played through the game socket while their server is killed with -9 and started
 * again on the same data (docs/architecture.md §9, "The server owns the clock and the bracket"):
 * once between round 1 and round 2 and once in the middle of the final, players coming back; and
 * in the middle of round 1 with no player coming back to the games that were on. Embedded (one
 * `server` process on PGlite) by default; an api process and a sync server on PostgreSQL + Redis
 * when their URLs are set.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { VolleyClient, type GameChannel, type WebSocketConstructor } from '@volley/client';
import { notificationsOf, userRoom, type BracketMatch, type BracketView, type Notification, type Side } from '@volley/shared';
import { seat as playSeat } from '@volley/client/testing';
import { apiCall, open, registerUsers, type VolleyUser } from '../../bench/lib/clients.js';
import { freePort, kill, ownDatabase, proc, type Proc } from '../../bench/lib/processes.js';

const scaledOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const dataDir = mkdtempSync(join(tmpdir(), 'volley-tournament-restart-'));
let database: Awaited<ReturnType<typeof ownDatabase>> | undefined;
let servers: Proc[] = [];
let apiUrl: string;
let syncUrl: string;
const clients: VolleyClient[] = [];
const channels: GameChannel[] = [];
const docs: { destroy(): void }[] = [];

beforeAll(async () => {
  mkdirSync(join(dataDir, 'pwa'));
  writeFileSync(join(dataDir, 'pwa', 'index.html'), '<!doctype html><title>Volley</title>');
  database = scaledOut ? await ownDatabase(process.env.DATABASE_URL!) : undefined;
  const env = {
    DATA_DIR: dataDir,
    PWA_DIR: join(dataDir, 'pwa'),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ...(database && { DATABASE_URL: database.url, REDIS_PREFIX: `volley-test-${randomBytes(4).toString('hex')}:` }),
  };
  if (scaledOut) {
    const [api, sync] = [proc('api', true, env, await freePort()), proc('sync-server', true, env, await freePort())];
    servers = [api, sync];
    [apiUrl, syncUrl] = [`http://127.0.0.1:${api.port}`, `ws://127.0.0.1:${sync.port}/sync`];
  } else {
    const server = proc('server', true, env, await freePort());
    servers = [server];
    [apiUrl, syncUrl] = [`http://127.0.0.1:${server.port}`, `ws://127.0.0.1:${server.port}/sync`];
  }
  for (const p of servers) await p.start(); // one at a time: the first one migrates
}, 300_000);

afterAll(async () => {
  channels.splice(0).forEach((c) => c.close());
  docs.splice(0).forEach((d) => d.destroy());
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.map((p) => p.child && kill(p, 'SIGKILL')));
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/** kill -9 of every server process, then each started again on the same data and ports. */
async function restart(): Promise<void> {
  await Promise.all(servers.map((p) => kill(p, 'SIGKILL')));
  for (const p of servers) await p.start();
}

/** A player's notifications, as their devices see them in their own document. */
function notifications(user: VolleyUser): () => Notification[] {
  const doc = new Y.Doc();
  docs.push(open(syncUrl, userRoom(user.id), doc, user.token), doc);
  return () => [...notificationsOf(doc).values()];
}

/**
 * A player at their match's game: chases the ball to return it, or flees it to lose the point once
 * `losing()` says so; records what the server said. One who does not come back closes the page
 * when their socket drops, instead of reconnecting.
 */
function seat(user: VolleyUser, gameId: string, side: Side, losing: () => boolean, comesBack = true) {
  const client = new VolleyClient({ url: apiUrl, token: user.token, WebSocket: WebSocket as unknown as WebSocketConstructor });
  clients.push(client);
  const channel = client.game(gameId);
  channels.push(channel);
  const played = playSeat(channel, side, () => !losing());
  if (!comesBack) channel.socket.closed.add(() => channel.close());
  return { ...played, closed: played.ended.then((close) => close.reason) };
}

it('keeps what round 1 decided across a kill -9 between rounds, replays the final killed mid-game, and names the winner', async () => {
  const api = `${apiUrl}/api/v1`;
  const [owner, ...players] = await registerUsers(api, 5, `tr${randomBytes(3).toString('hex')}_`);
  const seen = new Map(players.map((p) => [p.id, notifications(p)]));
  const { id } = await apiCall<{ id: string }>(api, owner!, 'POST', '/tournaments', { name: 'Restart cup', size: 4, settings: { scoreLimit: 1, ballSpeed: 'fast' } });
  for (const player of players) await apiCall(api, player, 'POST', `/tournaments/${id}/register`);
  const bracket = () => apiCall<BracketView>(api, owner!, 'GET', `/tournaments/${id}/bracket`);
  const userOf = (id: string) => players.find((p) => p.id === id)!;
  const lines = async () => (await apiCall<{ items: { body: string }[] }>(api, owner!, 'GET', `/tournaments/${id}/messages?limit=50`)).items.map((m) => m.body);

  // Round 1: both games played to their end (the first side returns the ball, the second lets it by).
  let round1: BracketMatch[] = [];
  await vi.waitFor(async () => {
    round1 = (await bracket()).rounds[0]!.matches;
    expect(round1.every((m) => m.gameId)).toBe(true);
  }, { timeout: 10_000 });
  const played = round1.flatMap((m) => m.opponents.map((o, side) => seat(userOf(o!.user!.id), m.gameId!, side as Side, () => side === 1)));
  const overs = await Promise.all(played.map((s) => s.over));
  expect(overs.map((o) => o.winner)).toEqual([0, 0, 0, 0]);
  const winners = round1.map((m) => m.opponents[0]!.user!.id);

  // Killed as round 1 ends: its last result may or may not have been taken into the bracket yet.
  await restart();
  let final: BracketMatch | undefined;
  await vi.waitFor(async () => {
    const after = await bracket();
    final = after.rounds[1]!.matches[0];
    expect(after.rounds[0]!.matches.map((m) => [m.status, m.opponents.map((o) => o!.result)])).toEqual(Array(2).fill(['completed', ['win', 'loss']]));
    expect(final?.gameId).toEqual(expect.any(String));
  }, { timeout: 20_000 });
  expect(final!.status).toBe('ready');
  expect(final!.opponents.map((o) => o!.user!.id)).toEqual(winners);
  // Each finalist is told of the final's game in their own document, whenever the kill fell.
  for (const finalist of winners) {
    await vi.waitFor(() => expect(seen.get(finalist)!().some((n) => n.kind === 'tournament_match' && n.gameId === final!.gameId)).toBe(true), { timeout: 10_000 });
  }

  // The final, killed while on: both return the ball until then.
  let rallying = true;
  const onFinal = final!.opponents.map((o, side) => seat(userOf(o!.user!.id), final!.gameId!, side as Side, () => !rallying && side === 1));
  await vi.waitFor(() => expect(onFinal.every((s) => s.ticks() > 60)).toBe(true), { timeout: 15_000 });
  expect(onFinal.some((s) => s.frames.some((f) => f.t === 'over'))).toBe(false);
  await restart();
  // The players come back through the restarted server and are told the game was lost with its host.
  expect(await Promise.all(onFinal.map((s) => s.closed))).toEqual(['host_lost', 'host_lost']);
  let replay: BracketMatch | undefined;
  await vi.waitFor(async () => {
    replay = (await bracket()).rounds[1]!.matches[0];
    expect(replay?.gameId).not.toBe(final!.gameId);
    expect(replay?.gameId).toEqual(expect.any(String));
  }, { timeout: 20_000 });
  // Told by the restarted server, in their own documents.
  for (const finalist of winners) {
    await vi.waitFor(() => expect(seen.get(finalist)!().some((n) => n.kind === 'tournament_match' && n.gameId === replay!.gameId)).toBe(true), { timeout: 10_000 });
  }
  rallying = false;
  const replayed = replay!.opponents.map((o, side) => seat(userOf(o!.user!.id), replay!.gameId!, side as Side, () => side === 1));
  expect((await Promise.all(replayed.map((s) => s.over))).map((o) => o.winner)).toEqual([0, 0]);

  await vi.waitFor(async () => expect((await bracket()).winner?.id).toBe(winners[0]), { timeout: 10_000 });
  for (const player of players) {
    await vi.waitFor(() => expect(seen.get(player.id)!().some((n) => n.kind === 'tournament_finished' && n.winner?.id === winners[0])).toBe(true), { timeout: 10_000 });
  }
  // Nothing decided twice: three results, each line posted once (the killed final decided nothing).
  await vi.waitFor(async () => {
    const posted = await lines();
    expect(posted.filter((l) => / \d+ – \d+ /.test(l))).toHaveLength(3);
    expect(posted.filter((l) => l.startsWith('🏆'))).toHaveLength(1);
    expect(new Set(posted).size).toBe(posted.length);
  }, { timeout: 30_000 });
}, 300_000);

it('ends the games a kill -9 left on when no player comes back to them, plays the matches again and sends their winners on', async () => {
  const api = `${apiUrl}/api/v1`;
  const [owner, ...players] = await registerUsers(api, 5, `th${randomBytes(3).toString('hex')}_`);
  const seen = new Map(players.map((p) => [p.id, notifications(p)]));
  const { id } = await apiCall<{ id: string }>(api, owner!, 'POST', '/tournaments', { name: 'Host cup', size: 4, settings: { scoreLimit: 1, ballSpeed: 'fast' } });
  for (const player of players) await apiCall(api, player, 'POST', `/tournaments/${id}/register`);
  const bracket = () => apiCall<BracketView>(api, owner!, 'GET', `/tournaments/${id}/bracket`);
  const userOf = (id: string) => players.find((p) => p.id === id)!;

  let round1: BracketMatch[] = [];
  await vi.waitFor(async () => {
    round1 = (await bracket()).rounds[0]!.matches;
    expect(round1.every((m) => m.gameId)).toBe(true);
  }, { timeout: 10_000 });
  // Both games on (every player returns the ball), then the server killed: the players close the page.
  const onRound1 = round1.flatMap((m) => m.opponents.map((o, side) => seat(userOf(o!.user!.id), m.gameId!, side as Side, () => false, false)));
  await vi.waitFor(() => expect(onRound1.every((s) => s.ticks() > 60)).toBe(true), { timeout: 15_000 });
  await restart();

  // Nobody came back to the games that were on: the server ends them as lost with their host, and
  // each match gets a new game its players are told of.
  let replays: BracketMatch[] = [];
  await vi.waitFor(async () => {
    replays = (await bracket()).rounds[0]!.matches;
    expect(replays.map((m) => m.gameId)).toEqual(round1.map(() => expect.any(String)));
    replays.forEach((m, i) => expect(m.gameId).not.toBe(round1[i]!.gameId));
  }, { timeout: 20_000 });
  expect(replays.map((m) => m.status)).toEqual(['ready', 'ready']);
  for (const [i, match] of replays.entries()) {
    for (const o of match.opponents) {
      await vi.waitFor(() => expect(seen.get(o!.user!.id)!().some((n) => n.kind === 'tournament_match' && n.gameId === match.gameId)).toBe(true), { timeout: 10_000 });
    }
    // A player opening the killed game now is told it was lost with its host.
    expect(await seat(userOf(match.opponents[0]!.user!.id), round1[i]!.gameId!, 0, () => false).closed).toBe('host_lost');
  }

  // The matches played again decide, and their winners meet in the final.
  const replayed = replays.flatMap((m) => m.opponents.map((o, side) => seat(userOf(o!.user!.id), m.gameId!, side as Side, () => side === 1)));
  expect((await Promise.all(replayed.map((s) => s.over))).map((o) => o.winner)).toEqual([0, 0, 0, 0]);
  const winners = replays.map((m) => m.opponents[0]!.user!.id);
  await vi.waitFor(async () => {
    const after = await bracket();
    expect(after.rounds[0]!.matches.map((m) => [m.status, m.opponents.map((o) => o!.result)])).toEqual(Array(2).fill(['completed', ['win', 'loss']]));
    expect(after.rounds[1]!.matches[0]!.opponents.map((o) => o!.user!.id)).toEqual(winners);
  }, { timeout: 10_000 });
}, 300_000);
