/**
 * A property-based fuzz of the game sockets' frames (`/game/<id>` as a spectator and as a player,
 * `/game/queue`): any sequence of frames (valid ones, token renewals good and bad, JSON of the
 * wrong shape with prototype-member keys or ill-formed text, not JSON, binary, oversize) leaves the
 * socket either answering (it is still read) or closed with the documented code of the first frame
 * it may not send (docs/protocol.md: 4400, 4401, 4413, 4501; 4529 when a budget runs out), while a
 * game played beside it goes on and the api keeps answering.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { AccessTokens } from '@volley/core';
import { CloseCode, GAME_FRAME_MAX_BYTES, newId, socketProtocols } from '@volley/shared';
import { startTestApi, type TestApi } from '../api.testing.js';
import { INHERITED_NAMES } from '../fuzz.testing.js';
import { createPlayer, GameClient, readyGame, type Player } from './game-client.testing.js';

/** A frame (a renewal made for the socket's user when sent), and what the server must do with it: read it (`ok`), or close with one of `codes`. */
interface Frame {
  data: string | Buffer | ((user: Player) => string);
  what: string;
  codes: number[] | 'ok';
}

const text = (value: unknown, what: string, codes: Frame['codes']): Frame => ({ data: typeof value === 'string' ? value : JSON.stringify(value), what, codes });
const BAD = [CloseCode.badRequest];

/** Frames no game or queue socket takes, each closing it with 4400 (or 4413 past the size limit). */
const refused: fc.Arbitrary<Frame> = fc.oneof(
  // The right shape, spoiled: an unknown or prototype-member key, a wrong type, a value out of range.
  fc.tuple(fc.constantFrom(...INHERITED_NAMES, 'x', 'T'), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => text(`{"t":"input","seq":1,"dir":0,${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}}`, `input with ${key}`, BAD)),
  fc.constantFrom<unknown>(
    { t: 'input', seq: -1, dir: 0 },
    { t: 'input', seq: 2 ** 31 + 1, dir: 0 },
    { t: 'input', seq: 1.5, dir: 0 },
    { t: 'input', seq: '1', dir: 0 },
    { t: 'input', seq: 1, dir: 2 },
    { t: 'input', seq: 1, dir: null },
    { t: 'input', seq: 1 },
    { t: 'token', token: '' },
    { t: 'token', token: 'x'.repeat(2049) },
    { t: 'token', token: 42 },
    { t: 'token', token: 'a\u0000b' },
    { t: 'token', token: '\ud800' },
    { t: 'rematch', now: true },
    { t: 'snap' },
    { t: 'welcome' },
    { t: null },
    {},
    [],
    [{ t: 'forfeit' }],
    null,
    0,
    'forfeit',
  ).map((value) => text(value, `${JSON.stringify(value).slice(0, 40)}`, BAD)),
  fc.integer({ min: 10, max: 500 }).map((depth) => text(`${'['.repeat(depth)}${']'.repeat(depth)}`, `nesting ${depth} deep`, BAD)),
  // Not JSON at all.
  fc.constantFrom('', '{', '{"t":"input"', "{'t':'forfeit'}", 'NaN', 'forfeit', '\u0000').map((value) => text(value, `text ${value.slice(0, 10)}`, BAD)),
  fc.string({ maxLength: 40 }).filter((value) => !/^\s*[{["\d-]|^\s*(true|false|null)\s*$/.test(value)).map((value) => text(value, 'random text', BAD)),
  // Binary, even when its bytes would be a valid frame.
  fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 64 }), fc.constant(new Uint8Array(Buffer.from('{"t":"forfeit"}')))).map((bytes) => ({ data: Buffer.from(bytes), what: `${bytes.length} binary bytes`, codes: BAD })),
  // Past the size limit, as text or binary.
  fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([over, binary]) => {
    const data = `{"t":"token","token":"${'x'.repeat(GAME_FRAME_MAX_BYTES + over)}"}`;
    return { data: binary ? Buffer.from(data) : data, what: `${over} bytes over the limit`, codes: [CloseCode.tooLarge] };
  }),
);

/** Token renewals: the socket's own user's (answered), expired (4501), or anyone else's or none (4401). */
function renewals(tokenFor: (user: Player, ttl: number) => string, others: () => string[]): fc.Arbitrary<Frame> {
  const renewal = (token: (user: Player) => string, what: string, codes: Frame['codes']): Frame => ({ data: (user) => JSON.stringify({ t: 'token', token: token(user) }), what, codes });
  return fc.oneof(
    fc.constant(renewal((user) => tokenFor(user, 900), 'a renewal', 'ok')),
    fc.constant(renewal((user) => tokenFor(user, -60), 'an expired renewal', [CloseCode.tokenExpired])),
    fc.nat().map((pick) => renewal(() => others()[pick % others().length]!, 'another user’s or a forged renewal', [CloseCode.unauthenticated])),
  );
}

/** A player's frames (a spectator's are answered `rejected`): read, never closing the socket. */
const plays: fc.Arbitrary<Frame> = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 2 ** 31 }), fc.constantFrom(-1, 0, 1)).map(([seq, dir]) => text({ t: 'input', seq, dir }, 'an input', 'ok')),
  fc.constant(text({ t: 'rematch' }, 'a rematch', 'ok')),
  fc.constant(text({ t: 'forfeit' }, 'a forfeit', 'ok')),
);

/**
 * Opens a socket as `user`, sends the frames, then a last frame that is refused (`sentinel`), and
 * resolves with the close code and the renewals answered. A socket that read every frame is closed
 * by the sentinel: its code, unlike the others', says so.
 */
async function outcome(url: string, user: Player, frames: Frame[], sentinel: Frame): Promise<{ code: number; renewed: number }> {
  const ws = new WebSocket(url, socketProtocols(user.token));
  ws.on('error', () => undefined);
  let renewed = 0;
  ws.on('message', (data) => {
    if ((JSON.parse(data.toString()) as { t: string }).t === 'token') renewed += 1;
  });
  const code = new Promise<number>((resolve) => ws.on('close', resolve));
  // A game's socket is read once the game is placed (its `welcome`); the queue's at once.
  const ready = url.endsWith('/queue') ? 'open' : 'message';
  await new Promise((resolve, reject) => ws.once(ready, resolve).once('close', reject));
  for (const { data } of [...frames, sentinel]) ws.send(typeof data === 'function' ? data(user) : data, { binary: Buffer.isBuffer(data) });
  return { code: await code, renewed };
}

/** Always tried: a renewal whose token is not well-formed text is refused as such (4400), not read as a token. */
const ILL_FORMED_RENEWALS: [Frame[]][] = ['a\u0000b', '\ud800'].map((token) => [[{ data: JSON.stringify({ t: 'token', token }), what: 'an ill-formed renewal', codes: BAD }]]);

const OVERSIZE: Frame = { data: Buffer.alloc(GAME_FRAME_MAX_BYTES + 1, 32), what: 'the sentinel', codes: [CloseCode.tooLarge] };
const BINARY: Frame = { data: Buffer.of(1), what: 'the sentinel', codes: BAD };

/**
 * Sends the frames and checks the socket was closed with the codes of the first refused one, or by
 * the sentinel after reading them all (each good renewal answered). A budget may run out on any
 * frame (4529), and a game may end normally (1000) once a player forfeited: both documented.
 */
async function check(url: string, user: Player, frames: Frame[]): Promise<void> {
  const first = frames.findIndex((f) => f.codes !== 'ok');
  const want = first === -1 ? 'ok' : (frames[first]!.codes as number[]);
  // A sentinel the expected refusal cannot be mistaken for.
  const sentinel = want !== 'ok' && want.includes(CloseCode.tooLarge) ? BINARY : OVERSIZE;
  const { code, renewed } = await outcome(url, user, frames, sentinel);
  const read = first === -1 ? frames : frames.slice(0, first);
  const describe = `${frames.map((f) => f.what).join(' → ')}: closed ${code}`;
  if (code === CloseCode.rateLimited || (code === 1000 && read.some((f) => f.what === 'a forfeit'))) return;
  expect(want === 'ok' ? sentinel.codes : want, describe).toContain(code);
  if (want === 'ok') expect(renewed, describe).toBe(frames.filter((f) => f.what === 'a renewal').length);
}

describe('game sockets against any frame', () => {
  let t: TestApi;
  let left: GameClient;
  let right: GameClient;
  let gameId: string;
  let spectator: Player;
  let opponent: Player;
  const tokenFor = (player: Player, ttl: number, secret = t.deps.config.jwtSecret) => new AccessTokens(secret, ttl).sign({ userId: player.id, username: player.username });

  beforeAll(async () => {
    t = await startTestApi({}, { game: { arrivalWaitMs: 60_000, rejoinGraceMs: 60_000, matchmaking: { keyPrefix: `volley-test-${newId()}:mm:` } } });
    const [a, b] = [await createPlayer(t), await createPlayer(t)];
    [spectator, opponent] = [await createPlayer(t), await createPlayer(t)];
    // A rally neither player misses, played beside the fuzz: it must go on untouched.
    gameId = (await readyGame(t, a, b, { scoreLimit: 21 })).id;
    left = GameClient.open(t, gameId, a.token);
    right = GameClient.open(t, gameId, b.token);
    left.trackBall(0);
    right.trackBall(1);
    await left.next('snap', (f) => f.s[0] > 0);
  });
  afterAll(async () => {
    left?.ws.terminate();
    right?.ws.terminate();
    await t?.close();
  });

  const others = () => [tokenFor(opponent, 900), tokenFor(spectator, 900, 'x'.repeat(40)), 'nonsense', 'eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOiJ4In0.'];
  const gameUrl = (path: string) => `${t.url.replace('http', 'ws')}/game/${path}`;

  it('closes a spectator’s socket with the code of its first bad frame, or keeps reading it', { timeout: 120_000 }, async () => {
    const frames = fc.array(fc.oneof(plays, refused, renewals(tokenFor, others)), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(frames, async (sent) => {
        await check(gameUrl(gameId), spectator, sent);
      }),
      { seed: 7, numRuns: 150, examples: ILL_FORMED_RENEWALS },
    );
  });

  it('closes a player’s socket with the code of its first bad frame, or keeps reading it', { timeout: 120_000 }, async () => {
    const frames = fc.array(fc.oneof(plays, refused, renewals(tokenFor, others)), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(frames, async (sent) => {
        const player = await createPlayer(t);
        const game = await readyGame(t, player, opponent);
        await check(gameUrl(game.id), player, sent);
      }),
      { seed: 8, numRuns: 40 },
    );
  });

  it('closes a queue socket with the code of its first bad frame, or keeps reading it', { timeout: 120_000 }, async () => {
    // One player, one socket at a time: alone in the queue, never matched.
    const player = await createPlayer(t);
    // The queue takes only renewals: a game's frame is refused there.
    const onQueue = plays.map((frame) => ({ ...frame, codes: BAD }));
    const frames = fc.array(fc.oneof(onQueue, refused, renewals(tokenFor, others)), { minLength: 1, maxLength: 3 });
    await fc.assert(
      fc.asyncProperty(frames, async (sent) => {
        await check(gameUrl('queue'), player, sent);
      }),
      { seed: 9, numRuns: 80, examples: ILL_FORMED_RENEWALS },
    );
  });

  it('reads the frames a player sends as soon as the socket opens, before the game is placed', async () => {
    const player = await createPlayer(t);
    const game = await readyGame(t, player, opponent);
    const ws = new WebSocket(gameUrl(game.id), socketProtocols(player.token));
    const answers: { t: string }[] = [];
    ws.on('message', (data) => answers.push(JSON.parse(data.toString()) as { t: string }));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ t: 'token', token: tokenFor(player, 900) }));
    ws.send(JSON.stringify({ t: 'rematch' }));
    await vi.waitFor(() => expect(answers.map((f) => f.t).filter((type) => type !== 'snap')).toEqual(['welcome', 'token', 'rejected']));
    ws.terminate();
  });

  it('left the game beside it playing, its players connected, and the api answering', async () => {
    const tick = left.snap()![0];
    await left.next('snap', (f) => f.s[0] > tick + 30);
    expect(left.frames.some((f) => f.t === 'over')).toBe(false);
    expect([left.ws.readyState, right.ws.readyState]).toEqual([WebSocket.OPEN, WebSocket.OPEN]);
    const watcher = GameClient.open(t, gameId, spectator.token);
    expect(await watcher.next('welcome')).toMatchObject({ role: 'spectator', gameId });
    watcher.ws.terminate();
    expect((await t.request('/healthz')).status).toBe(200);
  });
});
