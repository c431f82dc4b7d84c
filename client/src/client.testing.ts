/**
 * Test support: the embedded Volley (server/src/server.testing.ts) and clients of this library on it,
 * signed in with a password like a bot or the PWA, over `ws` (Node 20 has no global WebSocket).
 */
import { register, startTestVolley, type Person, type TestVolley } from '@volley/server/testing';
import { Bot, CreatedBotToken, newId, type Direction, type GameServerFrame, type Side } from '@volley/shared';
import { afterAll, afterEach, beforeAll } from 'vitest';
import WebSocket from 'ws';
import { VolleyClient, type VolleyClientOptions } from './volley-client.js';
import type { WebSocketConstructor } from './websocket.js';
import { paddleMove, TEST_PASSWORD } from '@volley/shared/testing';
import type { GameChannel } from './game-channel.js';
import type { SocketClose } from './managed-socket.js';

const clients: VolleyClient[] = [];

/** Every socket the clients of a test opened, by URL: what the server saw. */
export const opened: string[] = [];

class CountedWebSocket extends WebSocket {
  constructor(url: string, protocols: string[]) {
    super(url, protocols);
    opened.push(url);
    this.on('error', () => undefined);
  }
}

export const TestWebSocket = CountedWebSocket as unknown as WebSocketConstructor;

/** A client of `volley` signed in as `person`. */
export async function signedIn(volley: TestVolley, person: Person, options: Partial<VolleyClientOptions> = {}): Promise<VolleyClient> {
  const client = new VolleyClient({ url: volley.url, WebSocket: TestWebSocket, ...options });
  clients.push(client);
  await client.signIn({ login: person.username, password: TEST_PASSWORD });
  return client;
}

/** A registered account, its #general (the world conversation) and the number of #general’s head segment. */
export async function account(volley: TestVolley, prefix: string): Promise<{ person: Person; general: string; generalHead: number }> {
  const person = await register(volley, prefix);
  const { body } = await person.call('GET', '/conversations');
  const world = (body.items as { id: string; kind: string; headSegment: number }[]).find((c) => c.kind === 'world')!;
  // #general lives as long as the database: on PostgreSQL it may be many segments long already.
  return { person, general: world.id, generalHead: world.headSegment };
}

/** A bot made by a new owner in its settings (a member of #general), and a read-write token for it, as a bot author gets them. */
export async function botAccount(volley: TestVolley, prefix: string): Promise<{ bot: Bot; token: string; owner: Person }> {
  const { person: owner } = await account(volley, 'owner');
  const bot = Bot.parse((await owner.call('POST', '/bots', { username: `${prefix}_${newId().slice(-8).toLowerCase()}` })).body);
  const made = await owner.call('POST', `/bots/${bot.id}/tokens`, { name: prefix, scope: { access: 'read_write', conversations: null } });
  return { bot, token: CreatedBotToken.parse(made.body).token, owner };
}

/** A new private channel of `owner`'s with its bot `botId` in it (an owner's own bot is added at once). */
export async function channelWithBot(owner: Person, botId: string): Promise<string> {
  const made = await owner.call('POST', '/channels', { name: `bots-${newId().slice(-6).toLowerCase()}`, access: 'private' });
  const channel = (made.body as { id: string }).id;
  const invited = await owner.call('POST', `/conversations/${channel}/invitations`, { userId: botId });
  if (invited.status !== 204) throw new Error(`the bot was not added: ${invited.status}`);
  return channel;
}

/** Closes every client the test made (for `afterEach`). */
export async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  opened.length = 0;
}

/** For a `describe`: a test Volley (with `env`) started before its tests and closed after, clients closed after each; call the result for it. */
export function testVolley(env: Record<string, string> = {}): () => TestVolley {
  let volley: TestVolley | undefined;
  beforeAll(async () => {
    volley = await startTestVolley(env);
  }, 180_000);
  afterEach(closeClients);
  afterAll(() => volley?.close());
  return () => volley!;
}

/** Polls until the probe answers (server/src/server.testing.ts's, for the tests here). */
export { waitFor } from '@volley/server/testing';

/**
 * A test player on `channel`, which it opens: the paddle follows the ball while `chase()` says so and
 * runs from it otherwise (a sure miss); no `side` for a spectator. `over` is the game's end as this
 * seat saw it, `ended` the socket's normal close, `ticks` the latest tick seen.
 */
export function seat(channel: GameChannel, side?: Side, chase: () => boolean = () => true) {
  const frames: GameServerFrame[] = [];
  let last: Direction = 0;
  let seq = 0;
  channel.frames.add((frame) => {
    frames.push(frame);
    if (frame.t !== 'snap' || side === undefined) return;
    const dir = paddleMove(frame.s, side, chase());
    if (dir !== last) channel.send({ t: 'input', seq: ++seq, dir: (last = dir) });
  });
  const over = new Promise<Extract<GameServerFrame, { t: 'over' }>>((resolve) => channel.frames.add((f) => f.t === 'over' && resolve(f)));
  const ended = new Promise<SocketClose>((resolve) => channel.socket.closed.add((close) => close.code === 1000 && resolve(close)));
  channel.open();
  return { frames, over, ended, ticks: () => frames.reduce((n, f) => (f.t === 'snap' ? Math.max(n, f.s[0]) : n), 0) };
}
