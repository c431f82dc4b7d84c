/**
 * Games on two api processes as an operator runs them (docs/architecture.md §6): players of one game
 * on different processes play it through the host's relay, and when the host is killed the players
 * hear `host_lost` within the host's lease and a second. PostgreSQL + Redis only (embedded, there is one process).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, createReadyGame, Game, Match, User, type Db } from '@volley/core';
import { GAME_HOST_LOST, GameSettings, type Direction, type Side } from '@volley/shared';
import { paddleMove } from '@volley/shared/testing';
import { registerUsers, type VolleyUser } from '../../../bench/lib/clients.js';
import { freePort, kill, ownDatabase, proc, type Proc } from '../../../bench/lib/processes.js';
import { closeClients, GameClient } from './game-client.testing.js';
import { LEASE_MS } from './host-lease.js';

const scaledOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const apis: Proc[] = [];
let database: Awaited<ReturnType<typeof ownDatabase>> | undefined;
let db: Db;
let users: VolleyUser[];
let next = 0;
let env: Record<string, string>;
const metricsPorts: number[] = [];

const at = (p: Proc) => ({ url: `http://127.0.0.1:${p.port}` });

describe.runIf(scaledOut)('games on two api processes', () => {
  beforeAll(async () => {
    database = await ownDatabase(process.env.DATABASE_URL!);
    env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'volley-replicas-')),
      JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database.url,
      REDIS_PREFIX: `volley-test-${randomBytes(4).toString('hex')}:`,
    };
    for (let i = 0; i < 2; i++) {
      const metricsPort = await freePort();
      metricsPorts.push(metricsPort);
      apis.push(proc('api', false, { ...env, METRICS_PORT: String(metricsPort) }, await freePort()));
    }
    await Promise.all(apis.map((p) => p.start()));
    db = await connectDb({ databaseUrl: database.url, dataDir: null });
    users = await registerUsers(`${at(apis[0]!).url}/api/v1`, 10, `r${randomBytes(2).toString('hex')}_`);
  }, 90_000);
  afterEach(closeClients);
  afterAll(async () => {
    await Promise.all(apis.map((p) => p.child && kill(p, 'SIGKILL')));
    await db?.destroy();
    await database?.drop();
  });

  /** By default a short game: one point, fast ball. */
  async function newGame(settings: Partial<GameSettings> = { scoreLimit: 1, ballSpeed: 'fast' }): Promise<{ id: string; left: VolleyUser; right: VolleyUser }> {
    const [left, right] = [users[next++ % users.length]!, users[next++ % users.length]!];
    const game = await createReadyGame(db, { leftId: left.id, rightId: right.id, settings: GameSettings.parse(settings) });
    return { id: game.id, left, right };
  }

  /** Moves the paddle towards the ball (`chase`) or away from it (a sure miss). */
  function play(client: GameClient, side: Side, chase: boolean): void {
    let last: Direction = 0;
    client.ws.on('message', () => {
      const s = client.snap();
      if (!s) return;
      const dir = paddleMove(s, side, chase);
      if (dir !== last) client.input((last = dir));
    });
  }

  it('plays games whose two players are on different processes, a spectator on either, to a recorded result', async () => {
    const games = await Promise.all(
      [0, 1, 2].map(async (i) => {
        const { id, left, right } = await newGame();
        const [a, b] = i % 2 === 0 ? [apis[0]!, apis[1]!] : [apis[1]!, apis[0]!];
        const leftClient = GameClient.open(at(a), id, left.token);
        await leftClient.next('welcome');
        const rightClient = GameClient.open(at(b), id, right.token);
        const spectator = GameClient.open(at(i === 2 ? a : b), id, users[9]!.token);
        play(leftClient, 0, true);
        play(rightClient, 1, false);
        return { id, clients: [leftClient, rightClient, spectator] };
      }),
    );
    for (const { id, clients } of games) {
      const overs = await Promise.all(clients.map((c) => c.next('over', () => true, 30_000)));
      // The relayed player's inputs reached the host: its paddle moved (acknowledged seq).
      expect(clients[1]!.snaps().some((s) => s[12] > 0)).toBe(true);
      expect(overs.map((o) => [o.winner, o.reason, o.score])).toEqual(Array(3).fill([0, 'score', [1, 0]]));
      const match = await Match.query(db).findOne({ game_id: id });
      expect(match?.id).toBe(overs[0]!.matchId);
    }
  }, 60_000);

  it('tells both players within the lease and a second when the host is killed, ends the game host_lost and unrated, and hosts the next game on the live process', async () => {
    const [host, live] = [apis[0]!, apis[1]!];
    const { id, left, right } = await newGame();
    const onHost = GameClient.open(at(host), id, left.token);
    await onHost.next('welcome');
    const relayed = GameClient.open(at(live), id, right.token);
    await relayed.next('snap', (f) => f.s[0] > 30);
    const ratings = await User.query(db).findByIds([left.id, right.id]).select('id', 'rating').orderBy('id');

    const killedAt = Date.now();
    await kill(host, 'SIGKILL');
    // The player on the dead host sees its socket drop at once; coming back on the live process, it is told.
    expect((await onHost.closed).code).toBe(1006);
    const back = GameClient.open(at(live), id, left.token);
    const told = await Promise.all([relayed.closed, back.closed]);
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 1_000);
    expect(told).toEqual([
      { code: 1000, reason: GAME_HOST_LOST },
      { code: 1000, reason: GAME_HOST_LOST },
    ]);
    expect((await Game.query(db).findById(id))?.status).toBe('host_lost');
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPorts[1]}/metrics`)).text();
    expect(metrics).toMatch(/^volley_games_host_lost_total 1$/m);
    expect(await Match.query(db).findOne({ game_id: id })).toBeUndefined();
    expect(await User.query(db).findByIds([left.id, right.id]).select('id', 'rating').orderBy('id')).toEqual(ratings);

    const after = await newGame();
    const players = [GameClient.open(at(live), after.id, after.left.token), GameClient.open(at(live), after.id, after.right.token)];
    for (const player of players) await player.next('snap', (f) => f.s[0] > 10);
  }, 60_000);

  it('pauses the game for a player whose relaying process dies, as for any drop', async () => {
    const relaying = proc('api', false, env, await freePort());
    apis.push(relaying);
    await relaying.start();
    const { id, left, right } = await newGame({ scoreLimit: 21, ballSpeed: 'slow' });
    const onHost = GameClient.open(at(apis[1]!), id, left.token);
    await onHost.next('welcome');
    const relayed = GameClient.open(at(relaying), id, right.token);
    play(onHost, 0, true);
    play(relayed, 1, true);
    await relayed.next('snap', (f) => f.s[0] > 30);
    const killedAt = Date.now();
    await kill(relaying, 'SIGKILL');
    await onHost.next('paused', (f) => f.side === 1, 6000);
    expect(Date.now() - killedAt).toBeLessThan(5000);
  }, 60_000);
});
