/**
 * The actors and fixtures of the authorization matrix (authorization-matrix.test.ts): who asks,
 * from which address, and the one place where a cell's answer is checked.
 */
import { request as httpRequest } from 'node:http';
import { expect } from 'vitest';
import { ConversationMember, Game } from '@volley/core';
import { DEFAULT_GAME_SETTINGS, ErrorBody, INVITATION_TTL_MS, newId, type ErrorCode } from '@volley/shared';
import { addMessages, as, signUp, type Session, type TestApi } from './api.testing.js';

/** Every kind of actor the matrix asks as. */
export const ACTORS = [
  'anonymous',
  'person',
  'member',
  'nonMember',
  'banned',
  'muted',
  'botRead',
  'botIn',
  'botOut',
  'siteBanned',
  'deleted',
  'adminOutside',
  'siteAdmin',
] as const;
export type ActorName = (typeof ACTORS)[number];
/** Those who answer as people in the conversation: the rows' `people` column. */
export type PersonKind = 'person' | 'member' | 'nonMember' | 'banned' | 'muted';

/** `ok`: any 2xx; `input`: 400 validation_failed (the request got past every guard to the input check); a redirect has no code. */
export type Answer = 'ok' | 'input' | { status: number; code: ErrorCode | null };
export const ok = 'ok';
export const input = 'input';
const refusal = (status: number, code: ErrorCode): Answer => ({ status, code });
export const unauthenticated = refusal(401, 'unauthenticated');
export const tokenScope = refusal(403, 'token_scope');
export const forbidden = refusal(403, 'forbidden');
export const siteBanned = refusal(403, 'site_banned');
export const notFound = refusal(404, 'not_found');
export const bannedHere = refusal(403, 'banned');
export const conflict = (code: ErrorCode): Answer => refusal(409, code);
export const refused = refusal;
export const redirect: Answer = { status: 302, code: null };

/** The address a site admin outside ADMIN_ALLOWED_ADDRESSES comes from (the list holds 127.0.0.1 only). */
export const OUTSIDE_ADDRESS = '127.0.0.2';

export interface Call {
  method: string;
  path: string;
  body?: unknown;
  /** A raw body (an upload) instead of JSON. */
  raw?: string;
}

/** One request as `token` from `address`, over a socket of its own (so the address is the client's). */
export async function send(t: TestApi, call: Call, token: string | undefined, address = '127.0.0.1'): Promise<{ status: number; text: string }> {
  const url = new URL(t.url + call.path);
  const payload = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: call.method,
        localAddress: address,
        agent: false,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload === undefined ? {} : { 'Content-Type': call.raw ? 'text/plain' : 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
          Origin: t.url,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export function expectAnswer(got: { status: number; text: string }, expected: Answer): void {
  if (expected === 'ok') {
    expect(got.status, got.text.slice(0, 300)).toBeGreaterThanOrEqual(200);
    expect(got.status, got.text.slice(0, 300)).toBeLessThan(300);
    return;
  }
  const want = expected === 'input' ? { status: 400, code: 'validation_failed' } : expected;
  expect({ status: got.status, code: got.status >= 400 ? ErrorBody.parse(JSON.parse(got.text)).error.code : null }, got.text.slice(0, 300)).toEqual(want);
}

/** A channel with everyone in their place, and what a row may act on in it, each made once on first use. */
export interface Channel {
  id: string;
  inviteToken(): Promise<string>;
  joinRequest(): Promise<string>;
  /** An invitation to play from the person to the bot, in this channel. */
  invitation(): Promise<string>;
  /** A message of the person's. */
  message(): Promise<string>;
}

export interface World {
  t: TestApi;
  users: Record<Exclude<ActorName, 'anonymous' | 'botRead' | 'botIn' | 'botOut'> | 'target' | 'outsider', Session>;
  botId: string;
  tokens: Record<ActorName, string | undefined>;
  /** Another token of the bot's. */
  botToken(access: 'read' | 'read_write', conversations: string[]): Promise<string>;
  /** The shared channel; `fresh()` makes another like it for a cell that changes it. */
  channel: Channel;
  /** A second channel of the bot's, the one `botOut`'s token reaches. */
  elsewhere: string;
  fresh(): Promise<Channel>;
  /** The person's tournament every cell shares; `newTournament()` another for a cell that changes it. */
  tournament(): Promise<string>;
  newTournament(): Promise<string>;
  attachment: string;
}

const memo = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
};

/** The world every cell shares: made once, through the api where the api makes it. */
export async function makeWorld(t: TestApi): Promise<World> {
  const names = ['person', 'member', 'nonMember', 'banned', 'muted', 'siteBanned', 'deleted', 'adminOutside', 'siteAdmin', 'target', 'outsider'] as const;
  const users = {} as World['users'];
  for (const name of names) users[name] = await signUp(t);
  await t.deps.db('users').whereIn('id', [users.adminOutside.user.id, users.siteAdmin.user.id]).update({ role: 'admin' });
  const owner = as(t, users.person);
  const bot = (await (await owner('POST', '/api/v1/bots', { username: `matrixbot_${newId().slice(-6).toLowerCase()}` })).json()) as { id: string };

  const fresh = async (): Promise<Channel> => {
    const res = await owner('POST', '/api/v1/channels', { name: `matrix-${newId().slice(-10).toLowerCase()}`, access: 'private' });
    const { id } = (await res.json()) as { id: string };
    // As if each had accepted an invitation.
    const members = [users.member, users.banned, users.muted, users.target].map((s) => s.user.id);
    await ConversationMember.query(t.deps.db).insert([...members, bot.id].map((userId) => ({ conversationId: id, userId, role: 'member' as const })));
    expect((await owner('POST', `/api/v1/conversations/${id}/ban`, { userId: users.banned.user.id, minutes: 60 })).status).toBe(204);
    expect((await owner('POST', `/api/v1/conversations/${id}/mute`, { userId: users.muted.user.id, minutes: 60 })).status).toBe(204);
    return {
      id,
      inviteToken: memo(async () => ((await (await owner('GET', `/api/v1/conversations/${id}/invite-link`)).json()) as { token: string }).token),
      joinRequest: memo(async () => {
        const joinId = newId();
        await t.deps.db('join_requests').insert({ id: joinId, conversation_id: id, user_id: users.outsider.user.id, status: 'pending' });
        return joinId;
      }),
      invitation: memo(async () => {
        // As the sync server records an invitation offered in the channel: the card and its `games` row.
        const [card] = await addMessages(t, id, users.person.user.id, ['🏓']);
        const game = { id: card!.id, status: 'invited' as const, ranked: true, settings: DEFAULT_GAME_SETTINGS, leftId: users.person.user.id, rightId: bot.id };
        await Game.query(t.deps.db).insert({ ...game, conversationId: id, messageId: card!.id, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) });
        return card!.id;
      }),
      message: memo(async () => (await addMessages(t, id, users.person.user.id, ['https://example.com']))[0]!.id),
    };
  };

  const channel = await fresh();
  const elsewhere = await fresh();
  const token = async (access: 'read' | 'read_write', conversations: string[]) =>
    ((await (await owner('POST', `/api/v1/bots/${bot.id}/tokens`, { name: access, scope: { access, conversations } })).json()) as { token: string }).token;

  const upload = await send(t, { method: 'POST', path: `/api/v1/conversations/${channel.id}/attachments?name=notes.txt`, raw: 'the notes' }, users.person.accessToken);
  const attachment = (JSON.parse(upload.text) as { id: string }).id;

  // The site ban and the deletion last: both refuse the account from then on.
  expect((await send(t, { method: 'POST', path: '/api/v1/admin/bans', body: { username: users.siteBanned.user.username, reason: 'matrix' } }, users.siteAdmin.accessToken)).status).toBe(201);
  await t.deps.db('users').where({ id: users.deleted.user.id }).update({ deleted_at: new Date() });

  const tokens = Object.fromEntries(names.map((n) => [n, users[n].accessToken])) as Record<ActorName, string | undefined>;
  Object.assign(tokens, {
    anonymous: undefined,
    botRead: await token('read', [channel.id]),
    botIn: await token('read_write', [channel.id]),
    botOut: await token('read_write', [elsewhere.id]),
  });
  const newTournament = async () => {
    const res = await owner('POST', '/api/v1/tournaments', { name: `cup ${newId().slice(-6)}`, size: 8 });
    return ((await res.json()) as { id: string }).id;
  };
  return { t, users, botId: bot.id, tokens, botToken: token, channel, elsewhere: elsewhere.id, fresh, tournament: memo(newTournament), newTournament, attachment };
}
