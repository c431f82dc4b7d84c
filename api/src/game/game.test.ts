import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokens, Block, Game, Match, User } from '@volley/core';
import { CloseCode, FIELD, GAME_FRAME_MAX_BYTES, INITIAL_RATING, newId } from '@volley/shared';
import { notificationsFor, recordEvents, startTestApi, type TestApi } from '../api.testing.js';
import { closeClients, createPlayer, GameClient, readyGame, type Player } from './game-client.testing.js';

/** Short enough for a test to wait out, long enough for a scripted client to come back or arrive. */
const GRACE_MS = 2000;

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({}, { game: { rejoinGraceMs: GRACE_MS, arrivalWaitMs: GRACE_MS, matchmaking: { keyPrefix: `volley-test-${newId()}:mm:` } } });
}, 60_000);
afterAll(() => api.close());
afterEach(closeClients);

/** Three new users on the shared api: two players and someone else. */
async function start(t = api) {
  const [alice, bob, carol] = [await createPlayer(t), await createPlayer(t), await createPlayer(t)];
  return { t, alice, bob, carol };
}

/** Both players in, the game started (the first snapshot after both arrived). */
async function playing(t: TestApi, left: Player, right: Player, settings = {}) {
  const game = await readyGame(t, left, right, settings);
  const a = GameClient.open(t, game.id, left.token);
  const b = GameClient.open(t, game.id, right.token);
  await a.next('welcome');
  await b.next('welcome');
  await a.next('snap', (f) => f.s[0] > 0);
  return { game, a, b };
}

describe('the game socket /game/<id>', () => {
  it('plays a full match: the player who returns every ball wins, the match and ratings are recorded, both are told', async () => {
    const { t, alice, bob } = await start();
    const events = await recordEvents(t);
    const { game, a, b } = await playing(t, alice, bob, { scoreLimit: 2 });
    expect(await a.next('welcome')).toMatchObject({ role: 'player', side: 0, players: [{ id: alice.id, rating: INITIAL_RATING }, { id: bob.id }] });
    expect(await b.next('welcome')).toMatchObject({ role: 'player', side: 1 });
    a.trackBall(0);
    // Bob holds his paddle against the top wall: every ball served or returned lower gets past him.
    b.input(-1);

    const over = await a.next('over', undefined, 30_000);
    expect(over).toMatchObject({ winner: 0, reason: 'score', score: [2, 0], ratings: [{ before: 1000, after: 1016 }, { before: 1000, after: 984 }] });
    expect(await b.next('over')).toEqual(over);
    // The last snapshot shows the final score; Bob's paddle went to the top and stayed in the field.
    const last = b.snap()!;
    expect([last[1], last[9], last[10]]).toEqual(['over', 2, 0]);
    expect(last[8]).toBe(45);
    expect(a.snaps().every((s) => s[3] >= 0 && s[3] <= FIELD.width && s[4] >= 0 && s[4] <= FIELD.height)).toBe(true);

    const match = await Match.query(t.deps.db).findOne({ game_id: game.id });
    expect(match).toMatchObject({ id: over.matchId, winnerId: alice.id, loserId: bob.id, winnerScore: 2, loserScore: 0, reason: 'score', winnerRatingAfter: 1016, loserRatingAfter: 984 });
    expect((await User.query(t.deps.db).findById(alice.id))!.rating).toBe(1016);
    expect((await User.query(t.deps.db).findById(bob.id))!.rating).toBe(984);
    const recorded = (await Game.query(t.deps.db).findById(game.id))!;
    expect(recorded.status).toBe('finished');
    expect(recorded.startedAt).not.toBeNull();
    expect(recorded.endedAt).not.toBeNull();
    await expect.poll(() => notificationsFor(t, alice.id)).toContainEqual(expect.objectContaining({ kind: 'game_result', gameId: game.id, won: true, score: [2, 0], ratingAfter: 1016, opponent: expect.objectContaining({ id: bob.id }) }));
    await expect.poll(() => notificationsFor(t, bob.id)).toContainEqual(expect.objectContaining({ kind: 'game_result', gameId: game.id, won: false, score: [0, 2], ratingAfter: 984 }));
    await expect.poll(() => events.events).toContainEqual({ type: 'game.finished', gameId: game.id });
    await events.stop();

    // Coming back to a finished game only tells its result.
    const late = GameClient.open(t, game.id, alice.token);
    expect(await late.next('over')).toEqual(over);
  });

  it('pauses when a player drops and gives the game to the other when the grace runs out', async () => {
    const { t, alice, bob } = await start();
    const { game, a, b } = await playing(t, alice, bob);
    b.close();
    const paused = await a.next('paused');
    expect(paused).toMatchObject({ side: 1 });
    expect(paused.until).toBeGreaterThan(Date.now() - 1000);
    expect(await a.next('over')).toMatchObject({ winner: 0, reason: 'forfeit', score: [0, 0] });
    expect(await Match.query(t.deps.db).findOne({ game_id: game.id })).toMatchObject({ winnerId: alice.id, reason: 'forfeit' });
  });

  it('resumes the same game when the dropped player comes back within the grace', async () => {
    const { t, alice, bob } = await start();
    const { game, a, b } = await playing(t, alice, bob);
    b.close();
    await a.next('paused', (f) => f.side === 1);
    const before = a.snap()!;
    const again = GameClient.open(t, game.id, bob.token);
    expect(await again.next('welcome')).toMatchObject({ side: 1 });
    await a.next('resumed');
    await again.next('snap', (f) => f.s[0] > before[0] + 5);
    const after = again.snap()!;
    expect([after[9], after[10]]).toEqual([before[9], before[10]]);
    expect(await Match.query(t.deps.db).findOne({ game_id: game.id })).toBeUndefined();
    // And it still answers the returning player's paddle.
    const seq = again.input(1);
    await a.next('snap', (f) => f.s[12] === seq && f.s[8] > FIELD.height / 2);
  });

  it('lets anyone signed in watch, but never move a paddle or give the game up', async () => {
    const { t, alice, bob, carol } = await start();
    const { game, a } = await playing(t, alice, bob);
    const watcher = GameClient.open(t, game.id, carol.token);
    expect(await watcher.next('welcome')).toMatchObject({ role: 'spectator', players: [{ id: alice.id }, { id: bob.id }] });
    expect((await watcher.next('welcome')).side).toBeUndefined();
    for (let i = 0; i < 10; i++) watcher.input(i % 2 ? 1 : -1);
    watcher.send({ t: 'forfeit' });
    await watcher.next('rejected', (f) => f.reason === 'spectator');
    const tick = watcher.snap()![0];
    await watcher.next('snap', (f) => f.s[0] > tick + 20);
    expect(watcher.frames.filter((f) => f.t === 'rejected')).toHaveLength(11);
    // No paddle moved, nobody won: the players sent nothing.
    expect(a.snaps().every((s) => s[7] === FIELD.height / 2 && s[8] === FIELD.height / 2 && s[11] === 0 && s[12] === 0)).toBe(true);
    expect(a.frames.some((f) => f.t === 'over')).toBe(false);
  });

  it('moves a player’s paddle from its input, acknowledged in the snapshots', async () => {
    const { t, alice, bob } = await start();
    const { a, b } = await playing(t, alice, bob);
    const seq = a.input(-1);
    const moved = await b.next('snap', (f) => f.s[11] === seq);
    await b.next('snap', (f) => f.s[0] > moved.s[0] + 3);
    expect(b.snap()![7]).toBeLessThan(FIELD.height / 2);
    expect(b.snap()![8]).toBe(FIELD.height / 2);
  });

  it('refuses a spectator blocked by (or blocking) a player with 4403', async () => {
    const { t, alice, bob, carol } = await start();
    const game = await readyGame(t, alice, bob);
    await Block.query(t.deps.db).insert({ blockerId: alice.id, blockedId: carol.id });
    expect((await GameClient.open(t, game.id, carol.token).closed).code).toBe(CloseCode.forbidden);
    const dave = await createPlayer(t);
    await Block.query(t.deps.db).insert({ blockerId: dave.id, blockedId: bob.id });
    expect((await GameClient.open(t, game.id, dave.token).closed).code).toBe(CloseCode.forbidden);
  });

  it('refuses a missing or bad token with 4401 and an unknown game with 4404', async () => {
    const { t, alice, bob } = await start();
    const game = await readyGame(t, alice, bob);
    expect((await GameClient.open(t, game.id).closed).code).toBe(CloseCode.unauthenticated);
    expect((await GameClient.open(t, game.id, `${alice.token}x`).closed).code).toBe(CloseCode.unauthenticated);
    expect((await GameClient.open(t, 'NOSUCHGAME', alice.token).closed).code).toBe(CloseCode.notFound);
    expect((await GameClient.open(t, '../queue', alice.token).closed).code).toBe(CloseCode.notFound);
    await Game.query(t.deps.db).findById(game.id).patch({ status: 'invited' });
    expect((await GameClient.open(t, game.id, alice.token).closed).code).toBe(CloseCode.notFound);
  });

  it('closes a socket that sends garbage (4400), too much (4413) or too often (rate_limited); the game goes on', async () => {
    const { t, alice, bob, carol } = await start();
    const { game, a } = await playing(t, alice, bob);
    const garbage = ['not json', '{"t":"input","seq":1,"dir":2}', '{"t":"input","seq":-1,"dir":0}', '{"t":"hello"}', '[]'];
    for (const frame of garbage) {
      const rogue = GameClient.open(t, game.id, carol.token);
      await rogue.next('welcome');
      rogue.send(frame);
      expect((await rogue.closed).code).toBe(CloseCode.badRequest);
    }
    const big = GameClient.open(t, game.id, carol.token);
    await big.next('welcome');
    big.send(JSON.stringify({ t: 'forfeit', pad: 'x'.repeat(GAME_FRAME_MAX_BYTES) }));
    expect((await big.closed).code).toBe(CloseCode.tooLarge);
    const flood = GameClient.open(t, game.id, carol.token);
    await flood.next('welcome');
    for (let i = 0; i < 200; i++) flood.input(0);
    expect((await flood.closed).code).toBe(CloseCode.rateLimited);

    const tick = a.snap()![0];
    await a.next('snap', (f) => f.s[0] > tick + 10);
    expect(a.frames.some((f) => f.t === 'paused' || f.t === 'over')).toBe(false);
  });

  it('replaces a player’s older socket (4409) when they open the game again', async () => {
    const { t, alice, bob } = await start();
    const { game, a, b } = await playing(t, alice, bob);
    const again = GameClient.open(t, game.id, alice.token);
    expect(await again.next('welcome')).toMatchObject({ side: 0 });
    expect((await a.closed).code).toBe(CloseCode.replaced);
    const seq = again.input(1);
    await b.next('snap', (f) => f.s[11] === seq);
    expect(b.frames.some((f) => f.t === 'paused')).toBe(false);
  });

  it('gives up at once on forfeit, then makes a rematch both players are told about', async () => {
    const { t, alice, bob, carol } = await start();
    const { game, a, b } = await playing(t, alice, bob, { ballSpeed: 'fast', scoreLimit: 3 });
    const watcher = GameClient.open(t, game.id, carol.token);
    await watcher.next('welcome');
    b.send({ t: 'forfeit' });
    expect(await a.next('over')).toMatchObject({ winner: 0, reason: 'forfeit' });
    await watcher.next('over');
    watcher.send({ t: 'rematch' });
    await watcher.next('rejected', (f) => f.reason === 'spectator');

    b.send({ t: 'rematch' });
    await a.next('rematch', (f) => 'by' in f && f.by === 1);
    // Alice reloads her result screen: she is told again that Bob asked.
    const again = GameClient.open(t, game.id, alice.token);
    await again.next('over');
    await again.next('rematch', (f) => 'by' in f && f.by === 1);
    again.send({ t: 'rematch' });
    const offer = await b.next('rematch', (f) => 'gameId' in f);
    expect(await again.next('rematch', (f) => 'gameId' in f)).toEqual(offer);
    const next = (await Game.query(t.deps.db).findById((offer as { gameId: string }).gameId))!;
    expect(next).toMatchObject({ status: 'ready', leftId: bob.id, rightId: alice.id, rematchOf: game.id, settings: { ballSpeed: 'fast', scoreLimit: 3 } });
    // The new game is playable.
    const c = GameClient.open(t, next.id, bob.token);
    expect(await c.next('welcome')).toMatchObject({ side: 0, settings: { ballSpeed: 'fast' } });
  });

  it('abandons a game whose second player never comes, with no match and no rating change', async () => {
    const { t, alice, bob } = await start();
    const game = await readyGame(t, alice, bob);
    const a = GameClient.open(t, game.id, alice.token);
    await a.next('welcome');
    expect(await a.closed).toEqual({ code: 1000, reason: 'abandoned' });
    expect((await Game.query(t.deps.db).findById(game.id))!.status).toBe('abandoned');
    expect(await Match.query(t.deps.db).findOne({ game_id: game.id })).toBeUndefined();
    expect((await User.query(t.deps.db).findById(alice.id))!.rating).toBe(INITIAL_RATING);
    expect((await GameClient.open(t, game.id, bob.token).closed).code).toBe(CloseCode.notFound);
  });

});

describe('the queue socket /game/queue', () => {
  it('queues two players of the same rating and sends both into the same new game', async () => {
    const { t, alice, bob } = await start();
    const a = GameClient.open(t, 'queue', alice.token);
    const b = GameClient.open(t, 'queue', bob.token);
    expect(await a.next('queued')).toMatchObject({ rating: INITIAL_RATING });
    const matched = await a.next('matched');
    expect(await b.next('matched')).toMatchObject({ gameId: matched.gameId, opponent: { id: alice.id } });
    expect(matched.opponent).toMatchObject({ id: bob.id, rating: INITIAL_RATING });
    expect((await a.closed).code).toBe(1000);
    const game = (await Game.query(t.deps.db).findById(matched.gameId))!;
    expect([game.leftId, game.rightId].sort()).toEqual([alice.id, bob.id].sort());
    expect((await GameClient.open(t, matched.gameId, alice.token).next('welcome')).role).toBe('player');
  });

  it('refuses a queue socket without a token (4401) and closes one that sends anything (4400)', async () => {
    const { t, alice } = await start();
    expect((await GameClient.open(t, 'queue').closed).code).toBe(CloseCode.unauthenticated);
    const a = GameClient.open(t, 'queue', alice.token);
    await a.next('queued');
    a.send({ t: 'input', seq: 1, dir: 0 });
    expect((await a.closed).code).toBe(CloseCode.badRequest);
  });
});

describe('an expiring token', () => {
  it('closes the game socket with token_expired (4501, retryable) when the token it was opened with expires', { timeout: 60_000 }, async () => {
    const own = await startTestApi({ ACCESS_TOKEN_TTL: '5' });
    try {
      const { t, alice, bob } = await start(own);
      const { a } = await playing(t, alice, bob);
      expect((await a.closed).code).toBe(CloseCode.tokenExpired);
    } finally {
      closeClients();
      await own.close();
    }
  });

  it('keeps a game or queue socket renewed with a fresh token open past the first one’s expiry', { timeout: 60_000 }, async () => {
    const own = await startTestApi({ ACCESS_TOKEN_TTL: '5' });
    try {
      const { t, alice, bob, carol } = await start(own);
      const { game, a } = await playing(t, alice, bob);
      const watcher = GameClient.open(t, game.id, carol.token);
      const queued = GameClient.open(t, 'queue', carol.token);
      await watcher.next('welcome');
      await queued.next('queued');
      const fresh = new AccessTokens(t.deps.config.jwtSecret, 900).sign({ userId: carol.id, username: carol.username });
      for (const client of [watcher, queued]) {
        client.send({ t: 'token', token: fresh });
        expect((await client.next('token')).expiresAt).toBeGreaterThan(Date.now() / 1000 + 600);
      }
      // The players did not renew: their sockets end with their tokens; the watcher's goes on, and sees the pause.
      expect((await a.closed).code).toBe(CloseCode.tokenExpired);
      await watcher.next('paused');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      for (const client of [watcher, queued]) expect(client.ws.readyState).toBe(client.ws.OPEN);
    } finally {
      closeClients();
      await own.close();
    }
  });

  it('closes a game or queue socket renewed with another user’s token or a forged one (4401), or an expired one (4501)', async () => {
    const { t, alice, bob, carol } = await start();
    const game = await readyGame(t, alice, bob);
    const forged = new AccessTokens('x'.repeat(40), 900).sign({ userId: carol.id, username: carol.username });
    const expired = new AccessTokens(t.deps.config.jwtSecret, -60).sign({ userId: carol.id, username: carol.username });
    for (const [token, code] of [[alice.token, CloseCode.unauthenticated], [forged, CloseCode.unauthenticated], [expired, CloseCode.tokenExpired]] as const) {
      for (const path of [game.id, 'queue']) {
        const client = GameClient.open(t, path, carol.token);
        await client.next(path === 'queue' ? 'queued' : 'welcome');
        client.send({ t: 'token', token });
        expect((await client.closed).code).toBe(code);
      }
    }
  });
});

describe('closing the api', () => {
  it('stops every game, clock and socket, closing them with going_away (retryable)', { timeout: 60_000 }, async () => {
    const own = await startTestApi();
    const { t, alice, bob } = await start(own);
    const { a, b } = await playing(t, alice, bob);
    await own.close();
    expect((await a.closed).code).toBe(CloseCode.goingAway);
    expect((await b.closed).code).toBe(CloseCode.goingAway);
  });
});
