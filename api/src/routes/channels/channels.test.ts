import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelSummary, Conversation, ErrorBody, JoinRequest, Member, Page } from '@volley/shared';
import { as, notificationsFor, recordEvents, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

async function channel(owner: Session, body: Record<string, unknown>): Promise<Conversation> {
  const res = await as(t, owner)('POST', '/api/v1/channels', body);
  expect(res.status).toBe(201);
  return Conversation.parse(await res.json());
}
const error = async (res: Response) => ErrorBody.parse(await res.json()).error;
const members = async (s: Session, id: string, query = '') => Page(Member).parse(await (await as(t, s)('GET', `/api/v1/conversations/${id}/members${query}`)).json()).items;

describe('channels', () => {
  it('are created with their creator as owner and listed in the directory, a private one by its name and topic only', async () => {
    const owner = await signUp(t);
    const open = await channel(owner, { name: 'Dirtest-open', access: 'public', topic: 'hello' });
    expect(open).toMatchObject({ kind: 'channel', access: 'public', topic: 'hello', myRole: 'owner' });
    await channel(owner, { name: 'dirtest-secret', access: 'private', topic: 'by request' });
    await channel(owner, { name: 'dirtest_pw', access: 'password', password: 'sesame' });
    const viewer = await signUp(t);
    const res = await as(t, viewer)('GET', '/api/v1/channels?q=DIRTEST');
    const listed = Page(ChannelSummary).parse(await res.json()).items;
    expect(listed.map((c) => [c.name, c.access, c.memberCount, c.joined])).toEqual([
      ['Dirtest-open', 'public', 1, false],
      ['dirtest-secret', 'private', null, false],
      ['dirtest_pw', 'password', 1, false],
    ]);
    expect(listed[1]).toMatchObject({ topic: 'by request', myRequest: null });
    const list = Page(Conversation).parse(await (await as(t, owner)('GET', '/api/v1/conversations')).json()).items;
    expect(list.map((c) => [c.kind, c.myRole])).toEqual([['world', 'member'], ['channel', 'owner'], ['channel', 'owner'], ['channel', 'owner']]);
  });

  it('are end-to-end encrypted when private only, and an encrypted one takes no password', async () => {
    const owner = await signUp(t);
    const vault = await channel(owner, { name: `vault-${owner.user.id.slice(-6)}`, access: 'private', encrypted: true });
    expect(vault).toMatchObject({ access: 'private', encrypted: true });
    expect((await channel(owner, { name: `plain-${owner.user.id.slice(-6)}`, access: 'private' })).encrypted).toBe(false);
    for (const access of ['public', 'password'] as const) {
      const refused = await as(t, owner)('POST', '/api/v1/channels', { name: `open-${access}-${owner.user.id.slice(-6)}`, access, encrypted: true, ...(access === 'password' && { password: 'sesame' }) });
      expect(refused.status).toBe(400);
      expect((await error(refused)).fields).toEqual({ encrypted: ['encrypted_private_only'] });
    }
    const password = await as(t, owner)('PUT', `/api/v1/conversations/${vault.id}/password`, { password: 'sesame' });
    expect(password.status).toBe(400);
    expect((await error(password)).fields).toEqual({ password: ['encrypted_private_only'] });
  });

  it('let in with the right password only, saying which field was wrong', async () => {
    const [owner, joiner] = [await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'pw', access: 'password', password: 'sesame' });
    const wrong = await as(t, joiner)('POST', `/api/v1/conversations/${id}/join`, { password: 'nope' });
    expect(wrong.status).toBe(403);
    expect(await error(wrong)).toMatchObject({ code: 'wrong_password', fields: { password: ['wrong_password'] } });
    const recorded = await recordEvents(t);
    const right = await as(t, joiner)('POST', `/api/v1/conversations/${id}/join`, { password: 'sesame' });
    expect(Conversation.parse(await right.json()).myRole).toBe('member');
    await expect.poll(() => recorded.events).toContainEqual({ type: 'membership.added', convId: id, userId: joiner.user.id });
    await recorded.stop();
  });

  it('kick and ban: the member is removed, the sync servers told, the victim notified; a ban holds', async () => {
    const [owner, kicked, banned] = [await signUp(t), await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'modded', access: 'public' });
    for (const s of [kicked, banned]) await as(t, s)('POST', `/api/v1/conversations/${id}/join`, {});
    const recorded = await recordEvents(t);
    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/kick`, { userId: kicked.user.id })).status).toBe(204);
    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/ban`, { userId: banned.user.id, minutes: 60 })).status).toBe(204);
    await expect.poll(() => recorded.events).toEqual(expect.arrayContaining([
      { type: 'membership.removed', convId: id, userId: kicked.user.id, reason: 'kicked' },
      { type: 'membership.removed', convId: id, userId: banned.user.id, reason: 'banned' },
    ]));
    await recorded.stop();
    expect((await members(owner, id)).map((m) => m.user.id)).toEqual([owner.user.id]);
    expect(await notificationsFor(t, kicked.user.id)).toMatchObject([{ kind: 'kicked', conversation: { id, name: 'modded' }, by: owner.user }]);
    expect(await notificationsFor(t, banned.user.id)).toMatchObject([{ kind: 'banned', conversation: { id }, until: expect.any(String) }]);

    expect((await as(t, kicked)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBe(200);
    const refused = await as(t, banned)('POST', `/api/v1/conversations/${id}/join`, {});
    expect(await error(refused)).toMatchObject({ code: 'banned', message: expect.stringMatching(/until \d{4}-/) });
    expect((await as(t, owner)('DELETE', `/api/v1/conversations/${id}/bans/${banned.user.id}`)).status).toBe(204);
    expect((await as(t, banned)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBe(200);
  });

  it('mute shows on the member list until lifted', async () => {
    const [owner, loud] = [await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'quiet', access: 'public' });
    await as(t, loud)('POST', `/api/v1/conversations/${id}/join`, {});
    await as(t, owner)('POST', `/api/v1/conversations/${id}/mute`, { userId: loud.user.id, minutes: 5 });
    expect((await members(owner, id)).find((m) => m.user.id === loud.user.id)?.mutedUntil).toEqual(expect.any(String));
    expect((await as(t, owner)('DELETE', `/api/v1/conversations/${id}/mutes/${loud.user.id}`)).status).toBe(204);
    expect((await members(owner, id)).find((m) => m.user.id === loud.user.id)?.mutedUntil).toBeNull();
  });

  it('mute and ban are the person’s in the channel: leaving and joining again ends neither', async () => {
    const [owner, loud, banned] = [await signUp(t), await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'timeouts', access: 'public' });
    for (const who of [loud, banned]) await as(t, who)('POST', `/api/v1/conversations/${id}/join`, {});
    await as(t, owner)('POST', `/api/v1/conversations/${id}/mute`, { userId: loud.user.id, minutes: 24 * 60 });
    const until = (await members(owner, id)).find((m) => m.user.id === loud.user.id)?.mutedUntil;
    expect(until).toEqual(expect.any(String));

    expect((await as(t, loud)('POST', `/api/v1/conversations/${id}/leave`, {})).status).toBeLessThan(300);
    expect((await as(t, loud)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBe(200);
    // The member list shows the mute still, and the muted member's own view of the channel says until when.
    expect((await members(owner, id)).find((m) => m.user.id === loud.user.id)?.mutedUntil).toBe(until);
    expect(Conversation.parse(await (await as(t, loud)('GET', `/api/v1/conversations/${id}`)).json()).mutedUntil).toBe(until);
    // Lifted while away, it does not come back at the next join.
    await as(t, loud)('POST', `/api/v1/conversations/${id}/leave`, {});
    expect((await as(t, owner)('DELETE', `/api/v1/conversations/${id}/mutes/${loud.user.id}`)).status).toBe(204);
    await as(t, loud)('POST', `/api/v1/conversations/${id}/join`, {});
    expect((await members(owner, id)).find((m) => m.user.id === loud.user.id)?.mutedUntil).toBeNull();

    await as(t, owner)('POST', `/api/v1/conversations/${id}/ban`, { userId: banned.user.id, minutes: 60 });
    expect(await error(await as(t, banned)('POST', `/api/v1/conversations/${id}/join`, {}))).toMatchObject({ code: 'banned' });
  });

  it('have one name in any case: a second Games is refused on its name, at creation and at a rename', async () => {
    const owner = await signUp(t);
    await channel(owner, { name: 'Games', access: 'public' });
    for (const name of ['games', 'GAMES']) {
      const taken = await as(t, owner)('POST', '/api/v1/channels', { name, access: 'private' });
      expect(taken.status).toBe(409);
      expect(await error(taken)).toMatchObject({ code: 'conflict', fields: { name: ['channel_name_taken'] } });
    }
    const { id } = await channel(owner, { name: 'games2', access: 'public' });
    const renamed = await as(t, owner)('PATCH', `/api/v1/conversations/${id}`, { name: 'gAmEs' });
    expect(await error(renamed)).toMatchObject({ code: 'conflict', fields: { name: ['channel_name_taken'] } });
    // Its own name in another case is no clash.
    expect((await as(t, owner)('PATCH', `/api/v1/conversations/${id}`, { name: 'Games2' })).status).toBe(200);
  });

  it('private: a request with a message reaches the owner and admins, who see it pending, then decided; the requester sees it too', async () => {
    const [owner, admin, asker] = [await signUp(t), await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'asked', access: 'private' });
    await as(t, owner)('POST', `/api/v1/conversations/${id}/invitations`, { userId: admin.user.id });
    await as(t, admin)('POST', `/api/v1/conversations/${id}/join`, {});
    await as(t, owner)('PATCH', `/api/v1/conversations/${id}/members/${admin.user.id}`, { role: 'admin' });
    const mine = async () => (await (await as(t, asker)('GET', `/api/v1/conversations/${id}/join-requests/mine`)).json()) as { request: JoinRequest | null };
    expect(await mine()).toEqual({ request: null });
    // The private channel is known to a stranger, its words are not.
    expect(Conversation.parse(await (await as(t, asker)('GET', `/api/v1/conversations/${id}`)).json())).toMatchObject({ name: 'asked', myRole: null, lastMessage: null });
    expect((await as(t, asker)('POST', `/api/v1/conversations/${id}/join-requests`, { message: ' I play on Tuesdays ' })).status).toBe(201);
    for (const manager of [owner, admin]) {
      const told = (await notificationsFor(t, manager.user.id)).filter((n) => n.kind === 'join_request');
      expect(told).toMatchObject([{ kind: 'join_request', conversation: { id, name: 'asked' }, from: { id: asker.user.id }, message: 'I play on Tuesdays' }]);
    }
    expect((await mine()).request).toMatchObject({ status: 'pending', message: 'I play on Tuesdays' });
    const directory = Page(ChannelSummary).parse(await (await as(t, asker)('GET', '/api/v1/channels?q=asked')).json()).items;
    expect(directory).toMatchObject([{ id, myRequest: 'pending', memberCount: null }]);
    const [pending] = Page(JoinRequest).parse(await (await as(t, admin)('GET', `/api/v1/conversations/${id}/join-requests`)).json()).items;
    expect((await as(t, admin)('POST', `/api/v1/join-requests/${pending!.id}/reject`)).status).toBe(200);
    expect((await mine()).request).toMatchObject({ status: 'rejected' });
    expect(await notificationsFor(t, asker.user.id)).toMatchObject([{ kind: 'join_request_decided', conversation: { id }, accepted: false }]);
    const all = Page(JoinRequest).parse(await (await as(t, owner)('GET', `/api/v1/conversations/${id}/join-requests?status=all`)).json()).items;
    expect(all.map((r) => r.status)).toEqual(['rejected']);
    expect(Page(JoinRequest).parse(await (await as(t, owner)('GET', `/api/v1/conversations/${id}/join-requests`)).json()).items).toEqual([]);
    const tooLong = await as(t, asker)('POST', `/api/v1/conversations/${id}/join-requests`, { message: 'x'.repeat(301) });
    expect(await error(tooLong)).toMatchObject({ code: 'validation_failed', fields: { message: ['too_long:300'] } });
  });

  it('private: a join request decided by an admin, or an invitation; each notified', async () => {
    const [owner, asker, guest] = [await signUp(t), await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'club', access: 'private' });
    expect(await error(await as(t, asker)('POST', `/api/v1/conversations/${id}/join`, {}))).toMatchObject({ code: 'invitation_needed' });
    const asked = await as(t, asker)('POST', `/api/v1/conversations/${id}/join-requests`);
    expect(asked.status).toBe(201);
    expect(await error(await as(t, asker)('POST', `/api/v1/conversations/${id}/join-requests`))).toMatchObject({ code: 'join_request_pending' });
    const pending = Page(JoinRequest).parse(await (await as(t, owner)('GET', `/api/v1/conversations/${id}/join-requests`)).json()).items;
    expect(pending.map((r) => r.user.id)).toEqual([asker.user.id]);
    expect((await as(t, asker)('POST', `/api/v1/join-requests/${pending[0]!.id}/accept`)).status).toBe(403);
    expect(JoinRequest.parse(await (await as(t, owner)('POST', `/api/v1/join-requests/${pending[0]!.id}/accept`)).json()).status).toBe('accepted');
    expect(await notificationsFor(t, asker.user.id)).toMatchObject([{ kind: 'join_request_decided', conversation: { id }, accepted: true }]);

    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/invitations`, { userId: guest.user.id })).status).toBe(204);
    expect(await notificationsFor(t, guest.user.id)).toMatchObject([{ kind: 'channel_invite', conversation: { id }, by: owner.user }]);
    expect((await as(t, guest)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBe(200);
    expect((await members(owner, id)).length).toBe(3);
  });

  it('complete a mention from the members whose username or display name starts with the text, in any case', async () => {
    const [owner, ann, bob] = [await signUp(t), await signUp(t, 'Ann_mention'), await signUp(t, 'bob_mention')];
    const { id } = await channel(owner, { name: 'mentions', access: 'public' });
    for (const member of [ann, bob]) await as(t, member)('POST', `/api/v1/conversations/${id}/join`, {});
    expect((await as(t, bob)('PATCH', '/api/v1/me', { displayName: 'Annabel' })).status).toBe(200);
    const names = async (query: string) => (await members(owner, id, query)).map((m) => m.user.username).sort();
    expect(await names('?q=ann')).toEqual(['Ann_mention', 'bob_mention']);
    expect(await names('?q=ANN_')).toEqual(['Ann_mention']);
    expect(await names('?q=%25')).toEqual([]);
    expect(await names('?q=')).toHaveLength(3);
  });

  it('settings: the owner renames, changes the password, transfers, and may then leave', async () => {
    const [owner, heir] = [await signUp(t), await signUp(t)];
    const { id } = await channel(owner, { name: 'old', access: 'public' });
    await as(t, heir)('POST', `/api/v1/conversations/${id}/join`, {});
    expect(Conversation.parse(await (await as(t, owner)('PATCH', `/api/v1/conversations/${id}`, {})).json()).name).toBe('old');
    const renamed = await as(t, owner)('PATCH', `/api/v1/conversations/${id}`, { name: 'new', topic: 'fresh' });
    expect(Conversation.parse(await renamed.json())).toMatchObject({ name: 'new', topic: 'fresh' });
    expect(Conversation.parse(await (await as(t, owner)('PUT', `/api/v1/conversations/${id}/password`, { password: 'sesame' })).json()).access).toBe('password');
    expect(Conversation.parse(await (await as(t, owner)('PUT', `/api/v1/conversations/${id}/password`, { password: null })).json()).access).toBe('public');
    expect(await error(await as(t, owner)('POST', `/api/v1/conversations/${id}/leave`))).toMatchObject({ code: 'owner_must_transfer' });
    expect(Conversation.parse(await (await as(t, owner)('POST', `/api/v1/conversations/${id}/transfer`, { userId: heir.user.id })).json()).myRole).toBe('admin');
    expect((await members(heir, id)).map((m) => m.role).sort()).toEqual(['admin', 'owner']);
    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/leave`)).status).toBe(204);
  });
});
