/**
 * Scale-out as deployed: two api processes and two sync servers on
 * PostgreSQL and Redis, the api processes sharing one S3-compatible bucket (an s3rver), behind nginx running deploy/nginx.conf's routing (nginx.testing.ts), and
 * every client on @volley/client through the proxy, as the PWA and bots are. The processes run
 * built, as deployed (`node api/dist/main.js`; from sources, tsx takes 10 s more of a 2-core CI).
 * Needs DATABASE_URL, REDIS_URL, Debian's nginx and a build; each missing one skips it with a line saying so.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { VolleyClient, type GameChannel, type SyncRoom, type WebSocketConstructor } from '@volley/client';
import { connectDb, createReadyGame, Game, loadConfig, Match, type Db } from '@volley/core';
import { startStandInPushService, type StandInPushService } from '@volley/core/testing';
import { GAME_HOST_LOST, GameSettings, type ServerPresenceAwareness, type Side } from '@volley/shared';
import { seat as playSeat } from '@volley/client/testing';
import { LEASE_MS } from '../../api/src/game/host-lease.js';
import { openBlobStore } from '../../api/src/storage/index.js';
import { startS3 } from '../../api/src/storage/storage.testing.js';
import { apiCall, channelOf, registerUsers, type VolleyUser } from '../../bench/lib/clients.js';
import { noiseJpeg } from '../../bench/lib/images.js';
import { kill } from '../../bench/lib/processes.js';
import { builtProcesses, deploymentMissing, freePort, install, sayWhySkipped, socketsOpen, startProxy, uninstall, type Install, type NginxProxy, type Started } from './nginx.testing.js';

sayWhySkipped('scale-out behind nginx');

/** A WebSocket for @volley/client that, once `cut`, reaches nothing: a device gone off the network. */
function cuttableSocket(): { WebSocket: WebSocketConstructor; cut(): void } {
  let cut = false;
  class Cuttable extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(cut ? 'ws://127.0.0.1:1/' : url, protocols);
    }
  }
  return { WebSocket: Cuttable as unknown as WebSocketConstructor, cut: () => (cut = true) };
}

/** Friends' presence as the PWA reads it: the server's awareness states in my user room, merged. */
function presenceIn(room: SyncRoom): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const state of room.awareness.getStates().values()) Object.assign(shown, (state as Partial<ServerPresenceAwareness>).presence);
  return shown;
}

/** The game sockets opened (a VolleyClient does not own them): closed by the test. */
const channels: GameChannel[] = [];

/** A seat at a game: plays it (chasing the ball or fleeing it; none for a spectator) and records what the server said. */
function seat(channel: GameChannel, side?: Side, chase = true) {
  channels.push(channel);
  return playSeat(channel, side, () => chase);
}

describe.skipIf(deploymentMissing)('scale-out: two api processes and two sync servers behind deploy/nginx.conf', () => {
  const processes = builtProcesses();
  const { running, spawn } = processes;
  const clients: VolleyClient[] = [];
  let main: Install;
  let other: Install;
  let apis: Started[];
  let syncs: Started[];
  let otherApi: Started;
  let proxy: NginxProxy;
  let db: Db;
  let s3: Awaited<ReturnType<typeof startS3>>;
  let push: StandInPushService;
  let users: VolleyUser[];
  let startedIn: number;

  /** A client of the install behind the proxy, signed in with the user's token. */
  function client(user: VolleyUser, WebSocketImpl: WebSocketConstructor = WebSocket as unknown as WebSocketConstructor, url = proxy.url): VolleyClient {
    const made = new VolleyClient({ url, token: user.token, WebSocket: WebSocketImpl });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    [s3, push] = await Promise.all([startS3(), startStandInPushService()]);
    [main, other] = await Promise.all([install({ ...s3.env, PUSH_SERVICE_ORIGINS: push.origin }), install()]);
    apis = await Promise.all([spawn('api', main.env), spawn('api', main.env)]);
    syncs = await Promise.all([spawn('sync-server', main.env), spawn('sync-server', main.env)]);
    // The other install: one api process (the queue's) on the same Redis.
    otherApi = await spawn('api', other.env);
    const began = Date.now();
    await Promise.all(running.map((p) => p.start()));
    startedIn = Date.now() - began;
    proxy = await startProxy({ api: apis.map((p) => p.port), sync: syncs.map((p) => p.port) }, await freePort());
    db = await connectDb({ databaseUrl: main.database.url, dataDir: null });
    users = await registerUsers(`${proxy.url}/api/v1`, 22, `so${randomBytes(3).toString('hex')}_`);
  }, 120_000);

  afterAll(async () => {
    channels.splice(0).forEach((c) => c.close());
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await processes.killAll();
    await proxy?.stop();
    await db?.destroy();
    await s3?.close();
    await push?.close();
    await Promise.all([main, other].map((i) => i && uninstall(i)));
  }, 30_000);

  it('starts four processes at once on a fresh database (one migrates, the others wait): all ready within 60 s', async () => {
    expect(startedIn).toBeLessThan(60_000);
    for (const p of [...apis, ...syncs]) expect((await fetch(`http://127.0.0.1:${p.port}/readyz`)).status).toBe(200);
    expect((await fetch(`${proxy.url}/readyz`)).status).toBe(200);
    const names = await db('knex_migrations').pluck('name');
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length); // each migration ran once
  });

  it('keeps two installs on one Redis apart: a player queued on one is never matched with the other’s', async () => {
    const [otherA, otherB] = await registerUsers(`http://127.0.0.1:${otherApi.port}/api/v1`, 2, `sx${randomBytes(3).toString('hex')}_`);
    const queue = (c: VolleyClient) => {
      const channel = c.queue();
      const matched = new Promise<string>((resolve) => channel.frames.add((f) => f.t === 'matched' && resolve(f.opponent.id)));
      channel.open();
      return matched;
    };
    // A failure names who was matched with whom.
    const who = (id: string) => (users.some((u) => u.id === id) ? `main's user ${users.findIndex((u) => u.id === id)}` : id === otherA!.id ? "the other's A" : id === otherB!.id ? "the other's B" : `unknown ${id}`);
    let crossed: string | undefined;
    const mine = queue(client(users[20]!));
    const theirs = queue(client(otherA!, undefined, `http://127.0.0.1:${otherApi.port}`));
    void mine.then((id) => (crossed ??= `main's user 20 with ${who(id)}`));
    void theirs.then((id) => (crossed ??= `the other's A with ${who(id)}`));
    await new Promise((resolve) => setTimeout(resolve, 2500)); // several passes of both queues
    expect(crossed).toBeUndefined();
    queue(client(users[21]!));
    queue(client(otherB!, undefined, `http://127.0.0.1:${otherApi.port}`));
    const within10s = (matched: Promise<string>) => Promise.race([matched, new Promise((resolve) => setTimeout(resolve, 10_000, 'not matched'))]);
    expect(who(String(await within10s(mine)))).toBe("main's user 21");
    expect(who(String(await within10s(theirs)))).toBe("the other's B");
  }, 20_000);

  it('keeps attachments in the one bucket: a photo uploaded through one api process is read through the other, and goes from the bucket with its message', async () => {
    const api = `${proxy.url}/api/v1`;
    const [alice, bob] = await registerUsers(api, 2, `sf${randomBytes(3).toString('hex')}_`);
    const convId = await channelOf(api, [alice!, bob!], `files-${randomBytes(3).toString('hex')}`);
    const through = (p: Started) => `http://127.0.0.1:${p.port}/api/v1`;
    const photo = await noiseJpeg(200_000);
    const uploaded = await fetch(`${through(apis[0]!)}/conversations/${convId}/attachments?name=photo.jpg`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice!.token}` },
      body: new Uint8Array(photo),
    });
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { id: string; size: number; thumbnail?: string };
    expect(file.thumbnail).toBeDefined();

    const alices = client(alice!);
    await alices.me();
    const sent = alices.outbox().queue({ op: 'send', convId, body: 'the view', attachments: [file.id] });
    expect((await sent).status).toBe('accepted');
    const read = (p: Started, path: string) => fetch(`${through(p)}${path}`, { headers: { authorization: `Bearer ${bob!.token}` } });
    const original = await read(apis[1]!, `/attachments/${file.id}`);
    expect(original.status).toBe(200);
    expect((await original.arrayBuffer()).byteLength).toBe(file.size);
    expect((await read(apis[1]!, `/attachments/${file.id}/thumbnail`)).headers.get('content-type')).toBe('image/webp');

    const bucket = openBlobStore(loadConfig({ DATA_DIR: '/nonexistent', ...s3.env }));
    const keys = [`attachments/${file.id}/file`, `attachments/${file.id}/thumbnail`];
    expect(await Promise.all(keys.map((key) => bucket.stat(key)))).not.toContain(undefined);
    expect((await alices.outbox().delete(convId, sent.id)).status).toBe('accepted');
    // No message keeps the file any more: its bytes leave the bucket without waiting for the hourly sweep.
    await vi.waitFor(async () => expect(await Promise.all(keys.map((key) => bucket.stat(key)))).toEqual([undefined, undefined]), { timeout: 10_000, interval: 200 });
    expect((await read(apis[0]!, `/attachments/${file.id}`)).status).toBe(404);
    expect((await read(apis[1]!, `/attachments/${file.id}`)).status).toBe(404);
  }, 30_000);

  it('shows a user whose sync server was killed with -9 offline to a friend within 10 s', async () => {
    const [alice, bob] = [users[0]!, users[1]!];
    const request = await apiCall<{ id: string }>(`${proxy.url}/api/v1`, bob, 'POST', '/friends/requests', { userId: alice.id });
    await apiCall(`${proxy.url}/api/v1`, alice, 'POST', `/friends/requests/${request.id}/accept`);
    const bobsDevice = cuttableSocket();
    const bobs = client(bob, bobsDevice.WebSocket);
    await bobs.me();
    const bobsRoom = bobs.userRoom();
    await bobsRoom.whenSynced();
    bobsRoom.awareness.setLocalState({ status: 'online' });
    const bobsServer = (await Promise.all(syncs.map((p) => socketsOpen(p, 'sync')))).indexOf(1);
    expect(bobsServer).toBeGreaterThanOrEqual(0);
    // nginx balances /sync round-robin: Alice's next socket lands on the other server (or the next one does).
    let alicesRoom: SyncRoom | undefined;
    for (let attempt = 0; !alicesRoom && attempt < 4; attempt++) {
      const alices = client(alice);
      await alices.me();
      const room = alices.userRoom();
      await room.whenSynced();
      if ((await socketsOpen(syncs[1 - bobsServer]!, 'sync')) === 1) alicesRoom = room;
      else await alices.close();
    }
    await vi.waitFor(() => expect(presenceIn(alicesRoom!)[bob.id]).toBe('online'), { timeout: 10_000 });

    bobsDevice.cut(); // Bob's device goes too: the test is about the dead process, not his reconnection elsewhere
    const killedAt = Date.now();
    await kill(syncs[bobsServer]!, 'SIGKILL');
    await vi.waitFor(() => expect(presenceIn(alicesRoom!)[bob.id]).toBeUndefined(), { timeout: 15_000, interval: 100 });
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  }, 40_000);

  it('pushes to a device whose user has no socket open on any process, each push once, and nothing while their socket is open on either sync server', async () => {
    const api = `${proxy.url}/api/v1`;
    const [ann, bob] = await registerUsers(api, 2, `sp${randomBytes(3).toString('hex')}_`);
    const device = push.device();
    await apiCall(api, bob!, 'POST', '/me/push-subscriptions', device.subscription);
    const name = device.subscription.endpoint.split('/').pop();
    const bodies = () => push.received.filter((p) => p.device === name).map((p) => p.payload.notification.body);

    // Queued by an api process's notifier (a friend request) and by a sync server (a direct
    // message); taken by whichever sync server's dispatcher looks first, delivered once.
    const request = await apiCall<{ id: string }>(api, ann!, 'POST', '/friends/requests', { userId: bob!.id });
    const dm = await apiCall<{ id: string }>(api, ann!, 'POST', '/conversations/dm', { userId: bob!.id });
    const anns = client(ann!);
    await anns.me();
    expect((await anns.outbox().queue({ op: 'send', convId: dm.id, body: 'lunch at noon?' })).status).toBe('accepted');
    await vi.waitFor(() => expect(bodies().sort()).toEqual(['lunch at noon?', 'sent you a friend request']), { timeout: 15_000, interval: 100 });

    // Bob opens the app (his socket on one of the two sync servers): Ann's messages push nothing,
    // whichever server records them and whichever dispatcher decides their pushes.
    await apiCall(api, bob!, 'POST', `/friends/requests/${request.id}/accept`);
    const bobs = client(bob!);
    await bobs.me();
    const bobsRoom = bobs.userRoom();
    await bobsRoom.whenSynced();
    bobsRoom.awareness.setLocalState({ status: 'online' });
    const annsRoom = anns.userRoom();
    await annsRoom.whenSynced();
    await vi.waitFor(() => expect(presenceIn(annsRoom)[bob!.id]).toBe('online'), { timeout: 10_000 });
    for (let i = 0; i < 6; i++) expect((await anns.outbox().queue({ op: 'send', convId: dm.id, body: `while open ${i}` })).status).toBe('accepted');

    // Bob closes the app: the next message reaches his device, and nothing sent while he was there does.
    await bobs.close();
    await vi.waitFor(() => expect(presenceIn(annsRoom)[bob!.id]).toBeUndefined(), { timeout: 15_000, interval: 100 });
    expect((await anns.outbox().queue({ op: 'send', convId: dm.id, body: 'are you there?' })).status).toBe('accepted');
    await vi.waitFor(() => expect(bodies()).toContain('are you there?'), { timeout: 15_000, interval: 100 });
    await new Promise((resolve) => setTimeout(resolve, 2500)); // past a dispatcher's safety-net look at the queue
    expect(bodies().sort()).toEqual(['are you there?', 'lunch at noon?', 'sent you a friend request']);
    expect(Number((await db('push_queue').count({ n: '*' }).first())!.n)).toBe(0);
  }, 60_000);

  it('plays 10 of 10 games to a recorded result, each on exactly one process, players and spectator reaching it through the proxy', async () => {
    const settings = GameSettings.parse({ scoreLimit: 1, ballSpeed: 'fast' });
    const spectator = client(users[20]!);
    const games = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const [left, right] = [users[2 * i]!, users[2 * i + 1]!];
        const { id } = await createReadyGame(db, { leftId: left.id, rightId: right.id, settings });
        const seats = [seat(client(left).game(id), 0, true), seat(client(right).game(id), 1, false), seat(spectator.game(id))];
        return { id, seats };
      }),
    );
    await vi.waitFor(() => expect(games.every((g) => g.seats.every((s) => s.ticks() > 0))).toBe(true), { timeout: 15_000 });
    // Every game has one host, the holder of its lease: one of the two api processes.
    const redis = new Redis(process.env.REDIS_URL!);
    const hosts = await Promise.all(games.map((g) => redis.get(`${main.prefix}game-host:${g.id}`)));
    await redis.quit();
    expect(hosts.every(Boolean)).toBe(true);
    expect(new Set(hosts).size).toBeLessThanOrEqual(2);
    for (const { id, seats } of games) {
      const overs = await Promise.all(seats.map((s) => s.over));
      expect(overs.map((o) => [o.winner, o.reason, o.score])).toEqual(Array(3).fill([0, 'score', [1, 0]]));
      expect((await Match.query(db).findOne({ game_id: id }))?.id).toBe(overs[0]!.matchId);
    }
    channels.splice(0).forEach((c) => c.close());
    await vi.waitFor(async () => expect(await Promise.all(apis.map((p) => socketsOpen(p, 'game')))).toEqual([0, 0]));
  }, 40_000);

  it('plays an 8-player tournament to its winner through the proxy: each match one game on one process, each result taken into the bracket once', async () => {
    const api = `${proxy.url}/api/v1`;
    const players = await registerUsers(api, 8, `st${randomBytes(3).toString('hex')}_`);
    const settings = { scoreLimit: 1, ballSpeed: 'fast' };
    const { id } = await apiCall<{ id: string }>(api, users[20]!, 'POST', '/tournaments', { name: 'Scale-out cup', size: 8, settings });
    // Each player follows the tournament (on whichever api process nginx picks) and plays each match
    // of theirs as it gets a game: the first side chases the ball, the second flees it, so side 0 wins.
    const following = players.map((player) => {
      const channel = client(player).tournament(id);
      const playing = new Set<string>();
      channel.changed.add((_, bracket) => {
        for (const m of bracket.rounds.flatMap((r) => r.matches)) {
          const side = m.opponents.findIndex((o) => o?.user?.id === player.id);
          if (!m.gameId || side < 0 || !['ready', 'running'].includes(m.status) || playing.has(m.gameId)) continue;
          playing.add(m.gameId);
          seat(client(player).game(m.gameId), side as Side, side === 0);
        }
      });
      channel.open();
      return channel;
    });
    const spectator = client(users[21]!).tournament(id);
    const won = new Promise<string>((resolve) => spectator.changed.add((_, bracket) => bracket.winner && resolve(bracket.winner.id)));
    spectator.open();
    for (const player of players) await apiCall(api, player, 'POST', `/tournaments/${id}/register`);

    const winner = await won;
    expect(players.map((p) => p.id)).toContain(winner);
    // Exactly once: 7 matches, 7 games (none opened twice for a match), 7 results, each line posted once.
    const matches: { game_id: string | null; status: number }[] = await db('tournament_matches').where('tournament_id', id);
    expect(matches).toHaveLength(7);
    expect(matches.every((m) => m.game_id !== null && m.status >= 4)).toBe(true);
    expect(Number((await db('games').where('tournament_id', id).count('* as n').first())!.n)).toBe(7);
    expect(await Match.query(db).whereIn('game_id', matches.map((m) => m.game_id!)).resultSize()).toBe(7);
    const lines: string[] = await db('tournament_posts').where('tournament_id', id).pluck('body');
    expect(lines.filter((l) => / \d+ – \d+ /.test(l))).toHaveLength(7);
    // A round's pairings are posted as its matches become playable (a round may take two lines):
    // together the lines name each of the 7 matches once.
    const pairings = lines.filter((l) => l.startsWith('Round ')).flatMap((l) => l.replace(/^Round \d+: /, '').replace(/\.$/, '').split(', '));
    expect(pairings).toHaveLength(7);
    expect(new Set(pairings).size).toBe(7);
    expect(new Set(lines).size).toBe(lines.length);
    // The sync servers posted each line once into the tournament's conversation.
    await vi.waitFor(async () => {
      // Nobody else writes there in this test: the conversation holds the lines, each once.
      const page = await apiCall<{ items: { body: string }[] }>(api, users[21]!, 'GET', `/tournaments/${id}/messages?limit=50`);
      expect(page.items.map((m) => m.body).sort()).toEqual([...lines].sort());
    }, { timeout: 10_000 });
    for (const channel of [...following, spectator]) channel.close();
    channels.splice(0).forEach((c) => c.close());
  }, 90_000);

  it('tells the players within the host lease and a second when the hosting api process dies, ends the game host lost and unrated, and hosts new games on the live process', async () => {
    const settings = GameSettings.parse({ scoreLimit: 21, ballSpeed: 'slow' });
    const { id } = await createReadyGame(db, { leftId: users[0]!.id, rightId: users[1]!.id, settings });
    const players = [seat(client(users[0]!).game(id), 0), seat(client(users[1]!).game(id), 1)];
    await vi.waitFor(() => expect(players.every((p) => p.ticks() > 30)).toBe(true), { timeout: 10_000 });
    const counts = await Promise.all(apis.map((p) => socketsOpen(p, 'game')));
    const host = apis[counts.findIndex((n) => n > 0)]!;
    expect(counts.filter((n) => n > 0)).toHaveLength(1);

    const killedAt = Date.now();
    await kill(host, 'SIGKILL');
    // Each player's client reconnects through the proxy, which reaches the live process: that one tells them.
    const told = await Promise.all(players.map((p) => p.ended));
    expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 1_000);
    expect(told.map((c) => c.reason)).toEqual([GAME_HOST_LOST, GAME_HOST_LOST]);
    expect((await Game.query(db).findById(id))?.status).toBe('host_lost');
    expect(await Match.query(db).findOne({ game_id: id })).toBeUndefined();

    const next = await createReadyGame(db, { leftId: users[2]!.id, rightId: users[3]!.id, settings: GameSettings.parse({ scoreLimit: 1, ballSpeed: 'fast' }) });
    const overs = await Promise.all([seat(client(users[2]!).game(next.id), 0, true), seat(client(users[3]!).game(next.id), 1, false)].map((s) => s.over));
    expect(overs.map((o) => o.reason)).toEqual(['score', 'score']);
  }, 30_000);
});
