/** Test support: the real api on a real port, on real dependencies from `createTestDeps()`. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDeps, type TestDeps } from '@volley/core/testing';
import * as Y from 'yjs';
import { DomainEvents, Game, Message, UpdateLog, type DomainEvent, type Logger } from '@volley/core';
import { AuthResponse, CLIENT_COOKIE, DEFAULT_GAME_SETTINGS, INVITATION_TTL_MS, newId, notificationsOf, REFRESH_COOKIE, userRoom, type Notification } from '@volley/shared';
import { createApi, type Api, type ApiOptions } from './index.js';
import { TEST_PASSWORD } from '@volley/shared/testing';

export interface TestApi {
  deps: TestDeps;
  api: Api;
  /** `http://127.0.0.1:<port>`; the game socket is `ws://127.0.0.1:<port>/game/...`. */
  url: string;
  /** `fetch` relative to the api's url. */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** A JSON POST. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestApi(overrides: Record<string, string> = {}, options: ApiOptions = {}, logger?: Logger): Promise<TestApi> {
  const deps = await createTestDeps(overrides, logger);
  const api = createApi(deps, options);
  const server = createServer(api.callback());
  server.on('upgrade', (req, socket, head) => api.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request = (path: string, init?: RequestInit) => fetch(url + path, init);
  return {
    deps,
    api,
    url,
    request,
    post: (path, body, headers = {}) =>
      request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) }),
    async close() {
      server.closeAllConnections();
      // The api closes its game sockets, which the http server waits for.
      await Promise.all([new Promise((resolve) => server.close(resolve)), api.close()]);
      await deps.close();
    },
  };
}

/** The refresh token a response set, as a `Cookie` header value. */
export function refreshCookie(res: Response): string | undefined {
  const prefix = `${REFRESH_COOKIE}=`;
  return res.headers.getSetCookie().find((c) => c.startsWith(prefix))?.split(';')[0];
}

export interface Session extends AuthResponse {
  /** The refresh cookie, as a `Cookie` header value. */
  cookie: string;
  /** The browser's client-binding cookie, as a `Cookie` header value: add it to act as the same browser. */
  client: string;
}

let counter = 0;

/** Registers a fresh account (unique name unless given) and returns its session. */
export async function signUp(t: TestApi, username = `user_${++counter}`): Promise<Session & { password: string; email: string }> {
  const password = TEST_PASSWORD;
  const email = `${username.toLowerCase()}@example.com`;
  const res = await t.post('/api/v1/auth/register', { username, email, password });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  const cookie = refreshCookie(res);
  const client = res.headers.getSetCookie().find((c) => c.startsWith(`${CLIENT_COOKIE}=`))?.split(';')[0];
  if (!cookie || !client) throw new Error('sign-up set no refresh or client cookie');
  return { ...AuthResponse.parse(await res.json()), cookie, client, password, email };
}

export const bearer = (session: { accessToken: string }) => ({ Authorization: `Bearer ${session.accessToken}` });

/** A JSON request as this user: `as(t, alice)('POST', '/api/v1/channels', {...})`. */
export const as =
  (t: TestApi, session: { accessToken: string }) =>
  (method: string, path: string, body?: unknown): Promise<Response> =>
    t.request(path, {
      method,
      headers: { ...bearer(session), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

/** The notifications in a user's document, as a sync server loading it would see them. */
export async function notificationsFor(t: TestApi, userId: string): Promise<Notification[]> {
  const doc = new Y.Doc();
  for (const update of await new UpdateLog(t.deps.db).load(userRoom(userId))) Y.applyUpdate(doc, update);
  const all = [...notificationsOf(doc).values()];
  doc.destroy();
  return all;
}

/** Every domain event published from now on, for `expect.poll` (the bus may be Redis). */
export async function recordEvents(t: TestApi): Promise<{ events: DomainEvent[]; stop: () => Promise<void> }> {
  const events: DomainEvent[] = [];
  const stop = await new DomainEvents(t.deps.bus).subscribe((event) => events.push(event));
  return { events, stop };
}

let clock = Date.parse('2026-01-01T00:00:00Z');

/**
 * Messages as the sync server indexes them (it is their only writer): after the conversation's
 * last seq, in segment 0, each a second after the previous one in this file.
 */
export async function addMessages(t: TestApi, convId: string, authorId: string, bodies: string[]): Promise<Message[]> {
  const last = (await t.deps.db('messages').where('conversation_id', convId).max('seq as seq').first()) as { seq: number | null };
  const rows = bodies.map((body, i) => ({ id: newId(), conversationId: convId, seq: (last.seq ?? 0) + i + 1, segment: 0, authorId, body, createdAt: new Date((clock += 1000)) }));
  return Message.query(t.deps.db).insert(rows).returning('*');
}

/** A Pong invitation from `from` to `to` in their DM, as the sync server records it: the card and its `games` row. */
export async function addInvitation(t: TestApi, from: Session, to: Session, expiresInMs = INVITATION_TTL_MS): Promise<Game> {
  const dm = (await (await as(t, from)('POST', '/api/v1/conversations/dm', { userId: to.user.id })).json()) as { id: string };
  const [card] = await addMessages(t, dm.id, from.user.id, [`🏓 ${to.user.username}`]);
  return Game.query(t.deps.db)
    .insert({ id: card!.id, status: 'invited', ranked: true, settings: DEFAULT_GAME_SETTINGS, leftId: from.user.id, rightId: to.user.id, conversationId: dm.id, messageId: card!.id, expiresAt: new Date(Date.now() + expiresInMs) })
    .returning('*');
}
