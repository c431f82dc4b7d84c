import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Blocked, Conversation, ErrorBody, Friend, Page, UserSummary } from '@volley/shared';
import { as, recordEvents, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const code = async (res: Response) => ErrorBody.parse(await res.json()).error.code;
const search = async (s: Session, q: string) => Page(UserSummary).parse(await (await as(t, s)('GET', `/api/v1/users?q=${q}`)).json()).items.map((u) => u.username);

describe('blocking', () => {
  it('ends the friendship and pending requests both ways, and is announced', async () => {
    const [ann, bob, cat] = [await signUp(t), await signUp(t), await signUp(t)];
    await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id });
    await as(t, bob)('POST', '/api/v1/friends/requests', { userId: ann.user.id });
    await as(t, cat)('POST', '/api/v1/friends/requests', { userId: ann.user.id });
    const recorded = await recordEvents(t);
    for (const target of [bob, cat]) expect((await as(t, ann)('PUT', `/api/v1/blocks/${target.user.id}`)).status).toBe(204);
    expect((await as(t, ann)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(Page(Friend).parse(await (await as(t, bob)('GET', '/api/v1/friends')).json()).items).toEqual([]);
    expect(Page(Blocked).parse(await (await as(t, ann)('GET', '/api/v1/blocks')).json()).items.map((b) => b.user.id)).toEqual([bob.user.id, cat.user.id]);
    expect(await (await as(t, ann)('GET', '/api/v1/friends/requests?direction=received')).json()).toEqual({ items: [], nextCursor: null });
    await expect.poll(() => recorded.events).toContainEqual({ type: 'social.changed', userIds: [ann.user.id, bob.user.id] });
    await recorded.stop();
  });

  it('answers 403 blocked to friend requests and DMs either way, and hides the blocker', async () => {
    const [ann, bob] = [await signUp(t, 'Blocky_ann'), await signUp(t, 'Blocky_bob')];
    await as(t, ann)('PUT', `/api/v1/blocks/${bob.user.id}`);
    for (const [from, to] of [[ann, bob], [bob, ann]]) {
      expect(await code(await as(t, from!)('POST', '/api/v1/friends/requests', { userId: to!.user.id }))).toBe('blocked');
      expect(await code(await as(t, from!)('POST', '/api/v1/conversations/dm', { userId: to!.user.id }))).toBe('blocked');
    }
    expect((await as(t, bob)('GET', `/api/v1/users/${ann.user.id}`)).status).toBe(404);
    expect(await (await as(t, ann)('GET', `/api/v1/users/${bob.user.id}`)).json()).toMatchObject({ relation: 'blocked' });
    expect(await search(bob, 'blocky')).toEqual([]);
    expect((await as(t, ann)('DELETE', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(await search(bob, 'blocky')).toEqual(['Blocky_ann']);
  });
});

describe('user search', () => {
  it('matches a prefix of the username or display name, without case, in pages', async () => {
    const me = await signUp(t, 'Seeker');
    for (const name of ['Prefo_1', 'prefo_2', 'PREFO_3', 'xprefo']) await signUp(t, name);
    await as(t, me)('PATCH', '/api/v1/me', { displayName: 'Prefo the seeker' });
    const first = Page(UserSummary).parse(await (await as(t, me)('GET', '/api/v1/users?q=PrEfO&limit=2')).json());
    const second = Page(UserSummary).parse(await (await as(t, me)('GET', `/api/v1/users?q=prefo&limit=2&cursor=${first.nextCursor}`)).json());
    expect([...first.items, ...second.items].map((u) => u.username)).toEqual(['Prefo_1', 'prefo_2', 'PREFO_3']);
    expect(second.nextCursor).toBeNull();
    expect(await search(me, '%25')).toEqual([]);
  });
});

describe('direct messages', () => {
  it('one per pair, idempotent, listed with the peer for both', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const first = await as(t, ann)('POST', '/api/v1/conversations/dm', { userId: bob.user.id });
    expect(first.status).toBe(201);
    const dm = Conversation.parse(await first.json());
    expect(dm).toMatchObject({ kind: 'dm', myRole: 'member', peer: { id: bob.user.id } });
    const again = await as(t, bob)('POST', '/api/v1/conversations/dm', { userId: ann.user.id });
    expect(again.status).toBe(200);
    expect(Conversation.parse(await again.json())).toMatchObject({ id: dm.id, peer: { id: ann.user.id } });
    const list = Page(Conversation).parse(await (await as(t, bob)('GET', '/api/v1/conversations')).json()).items;
    expect(list.find((c) => c.kind === 'dm')).toMatchObject({ id: dm.id, peer: { id: ann.user.id } });
    const stranger = await signUp(t);
    expect((await as(t, stranger)('GET', `/api/v1/conversations/${dm.id}`)).status).toBe(404);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${dm.id}/leave`)).status).toBe(403);
    expect((await as(t, ann)('POST', `/api/v1/conversations/${dm.id}/join`, {})).status).toBe(403);
    const world = list.find((c) => c.kind === 'world')!;
    expect((await as(t, ann)('POST', `/api/v1/conversations/${world.id}/join`, {})).status).toBe(403);
  });
});
