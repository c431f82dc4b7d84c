import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bot, BotToken, CloseCode, Conversation, CreatedBotToken, ErrorBody, Page, socketProtocols } from '@volley/shared';
import WebSocket from 'ws';
import { as, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const code = async (res: Response) => ErrorBody.parse(await res.json()).error.code;
let made = 0;

async function botOf(owner: Session): Promise<Bot> {
  const res = await as(t, owner)('POST', '/api/v1/bots', { username: `bot_${++made}`, description: 'says hello' });
  expect(res.status).toBe(201);
  return Bot.parse(await res.json());
}

async function tokenFor(owner: Session, bot: Bot, scope: { access: 'read' | 'read_write'; conversations: string[] | null }): Promise<CreatedBotToken> {
  const res = await as(t, owner)('POST', `/api/v1/bots/${bot.id}/tokens`, { name: 'ci', scope });
  expect(res.status).toBe(201);
  return CreatedBotToken.parse(await res.json());
}

const bot = (token: { token: string }) => as(t, { accessToken: token.token });

async function channel(owner: Session, name: string): Promise<Conversation> {
  return Conversation.parse(await (await as(t, owner)('POST', '/api/v1/channels', { name, access: 'public' })).json());
}

describe('bot accounts', () => {
  it('are made and managed by their owner only, marked as bots, and sign in with no password', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const made = await botOf(ann);
    expect(made).toMatchObject({ bot: true, botOwnerId: ann.user.id, description: 'says hello' });
    expect(Page(Bot).parse(await (await as(t, ann)('GET', '/api/v1/bots')).json()).items.map((b) => b.id)).toEqual([made.id]);
    expect((await as(t, bob)('GET', `/api/v1/bots/${made.id}`)).status).toBe(404);
    expect((await as(t, bob)('DELETE', `/api/v1/bots/${made.id}`)).status).toBe(404);
    expect(await (await as(t, bob)('GET', `/api/v1/users/${made.id}`)).json()).toMatchObject({ bot: true, botOwnerId: ann.user.id });
    expect(await (await as(t, ann)('PATCH', `/api/v1/bots/${made.id}`, { displayName: 'Helper' })).json()).toMatchObject({ displayName: 'Helper' });
    expect(await code(await t.post('/api/v1/auth/login', { login: made.username, password: '' }))).toBe('validation_failed');
    expect(await code(await t.post('/api/v1/auth/login', { login: made.username, password: 'anything at all' }))).toBe('invalid_credentials');
    const token = await tokenFor(ann, made, { access: 'read_write', conversations: null });
    expect(await code(await bot(token)('POST', '/api/v1/bots', { username: 'botbot' }))).toBe('forbidden');
    expect(await code(await as(t, ann)('GET', '/api/v1/bots/not-an-id'))).toBe('validation_failed');
  });

  it('shows a token once, then lists it with its last use and never its secret', async () => {
    const ann = await signUp(t);
    const made = await botOf(ann);
    const token = await tokenFor(ann, made, { access: 'read', conversations: null });
    expect(token.token).toMatch(new RegExp(`^vbt_${token.id}_`));
    expect(await (await bot(token)('GET', '/api/v1/me')).json()).toMatchObject({ user: { id: made.id, bot: true } });
    const listed = await (await as(t, ann)('GET', `/api/v1/bots/${made.id}/tokens`)).text();
    // The secret is what follows `vbt_<id>_`; it may itself hold a `_` (base64url).
    expect(listed).not.toContain(token.token.slice(`vbt_${token.id}_`.length));
    const [item] = Page(BotToken).parse(JSON.parse(listed)).items;
    expect(item).toMatchObject({ id: token.id, scope: { access: 'read', conversations: null } });
    await expect.poll(async () => Page(BotToken).parse(await (await as(t, ann)('GET', `/api/v1/bots/${made.id}/tokens`)).json()).items[0]!.lastUsedAddress).toBe('127.0.0.1');
  });
});

describe('bot token scopes on HTTP', () => {
  it('a read-only token reads and is refused every change with token_scope', async () => {
    const ann = await signUp(t);
    const made = await botOf(ann);
    const reader = await tokenFor(ann, made, { access: 'read', conversations: null });
    expect((await bot(reader)('GET', '/api/v1/conversations')).status).toBe(200);
    const refused = await bot(reader)('PATCH', '/api/v1/me', { bio: 'hi' });
    expect(refused.status).toBe(403);
    expect(await code(refused)).toBe('token_scope');
    expect(await code(await bot(reader)('POST', '/api/v1/channels', { name: 'botland', access: 'public' }))).toBe('token_scope');
    const writer = await tokenFor(ann, made, { access: 'read_write', conversations: null });
    expect((await bot(writer)('PATCH', '/api/v1/me', { bio: 'hi' })).status).toBe(200);
  });

  it('a token scoped to one channel cannot read another, nor search across them', async () => {
    const ann = await signUp(t);
    const made = await botOf(ann);
    const [mine, other] = [await channel(ann, `scope_a${made.id.slice(-6)}`), await channel(ann, `scope_b${made.id.slice(-6)}`)];
    for (const c of [mine, other]) expect((await as(t, ann)('POST', `/api/v1/conversations/${c.id}/invitations`, { userId: made.id })).status).toBe(204);
    const scoped = await tokenFor(ann, made, { access: 'read', conversations: [mine.id] });
    expect((await bot(scoped)('GET', `/api/v1/conversations/${mine.id}/messages`)).status).toBe(200);
    const members = await (await bot(scoped)('GET', `/api/v1/conversations/${mine.id}/members`)).json();
    expect(members.items).toContainEqual(expect.objectContaining({ user: expect.objectContaining({ id: made.id, bot: true }) }));
    expect(await code(await bot(scoped)('GET', `/api/v1/conversations/${other.id}/messages`))).toBe('token_scope');
    expect(await code(await bot(scoped)('GET', `/api/v1/conversations/${other.id}`))).toBe('token_scope');
    expect(await code(await bot(scoped)('GET', '/api/v1/search?q=hello'))).toBe('token_scope');
    const listed = Page(Conversation).parse(await (await bot(scoped)('GET', '/api/v1/conversations')).json()).items;
    expect(listed.map((c) => c.id)).toEqual([mine.id]);
  });

  it('a revoked token is refused at once; a deleted bot keeps none', async () => {
    const ann = await signUp(t);
    const made = await botOf(ann);
    const [first, second] = [await tokenFor(ann, made, { access: 'read', conversations: null }), await tokenFor(ann, made, { access: 'read', conversations: null })];
    expect((await as(t, ann)('DELETE', `/api/v1/bots/${made.id}/tokens/${first.id}`)).status).toBe(204);
    expect(await code(await bot(first)('GET', '/api/v1/me'))).toBe('unauthenticated');
    expect((await bot(second)('GET', '/api/v1/me')).status).toBe(200);
    expect((await as(t, ann)('DELETE', `/api/v1/bots/${made.id}/tokens/${first.id}`)).status).toBe(404);
    expect((await as(t, ann)('DELETE', `/api/v1/bots/${made.id}`)).status).toBe(204);
    expect(await code(await bot(second)('GET', '/api/v1/me'))).toBe('unauthenticated');
    expect((await as(t, ann)('GET', `/api/v1/bots/${made.id}`)).status).toBe(404);
  });

  it('a forged secret under a real token id is refused', async () => {
    const ann = await signUp(t);
    const token = await tokenFor(ann, await botOf(ann), { access: 'read', conversations: null });
    expect(await code(await bot({ token: `vbt_${token.id}_forged` })('GET', '/api/v1/me'))).toBe('unauthenticated');
  });
});

describe('a bot is a member like a person', () => {
  it('has DMs opened with it, and is kicked, muted, banned and blocked the usual way', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const made = await botOf(ann);
    for (const who of [ann, bob]) expect((await as(t, who)('POST', '/api/v1/conversations/dm', { userId: made.id })).status).toBe(201);
    const room = await channel(ann, `bots_home${made.id.slice(-6)}`);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${room.id}/invitations`, { userId: made.id })).status).toBe(204);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${room.id}/mute`, { userId: made.id, minutes: 5 })).status).toBeLessThan(300);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${room.id}/kick`, { userId: made.id })).status).toBeLessThan(300);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${room.id}/ban`, { userId: made.id })).status).toBeLessThan(300);
    expect((await as(t, bob)('PUT', `/api/v1/blocks/${made.id}`)).status).toBe(204);
    expect(await code(await as(t, bob)('POST', '/api/v1/conversations/dm', { userId: made.id }))).toBe('blocked');
  });
});

describe('bot tokens on the game sockets', () => {
  const queue = (token: string) => {
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/game/queue`, socketProtocols(token));
    ws.on('error', () => undefined);
    return { opened: new Promise((resolve) => ws.once('open', resolve)), closed: new Promise<number>((resolve) => ws.once('close', resolve)) };
  };

  it('a read-only token may not queue (4403); a read-write one queues until its token is revoked (4401)', async () => {
    const ann = await signUp(t);
    const made = await botOf(ann);
    const reader = await tokenFor(ann, made, { access: 'read', conversations: null });
    expect(await queue(reader.token).closed).toBe(CloseCode.forbidden);
    const player = await tokenFor(ann, made, { access: 'read_write', conversations: null });
    const socket = queue(player.token);
    await socket.opened;
    expect((await as(t, ann)('DELETE', `/api/v1/bots/${made.id}/tokens/${player.id}`)).status).toBe(204);
    expect(await socket.closed).toBe(CloseCode.unauthenticated);
  });
});
