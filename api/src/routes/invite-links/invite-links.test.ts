import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, ErrorBody, InviteLink, InviteLinkPreview } from '@volley/shared';
import { as, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const code = async (res: Response) => ErrorBody.parse(await res.json()).error.code;

async function privateChannel(owner: Session, name: string): Promise<string> {
  const res = await as(t, owner)('POST', '/api/v1/channels', { name, access: 'private', topic: 'members only' });
  return Conversation.parse(await res.json()).id;
}

async function linkOf(member: Session, id: string): Promise<string> {
  const res = await as(t, member)('GET', `/api/v1/conversations/${id}/invite-link`);
  expect(res.status).toBe(200);
  return InviteLink.parse(await res.json()).token;
}

describe('invite links', () => {
  it('let whoever holds one into a private channel; any member copies the same link', async () => {
    const [owner, guest] = [await signUp(t), await signUp(t)];
    const id = await privateChannel(owner, 'linked');
    const token = await linkOf(owner, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await linkOf(owner, id)).toBe(token);
    const preview = await as(t, guest)('POST', '/api/v1/invite-links/preview', { token });
    expect(InviteLinkPreview.parse(await preview.json())).toEqual({ conversationId: id, name: 'linked', topic: 'members only' });
    // Not a member yet: no link to copy.
    expect((await as(t, guest)('GET', `/api/v1/conversations/${id}/invite-link`)).status).toBe(403);
    const joined = await as(t, guest)('POST', '/api/v1/invite-links/join', { token });
    expect(Conversation.parse(await joined.json())).toMatchObject({ id, myRole: 'member' });
    expect(await linkOf(guest, id)).toBe(token);
  });

  it('refuses a revoked link, and only the admins revoke; the next link is a new one', async () => {
    const [owner, member, late] = [await signUp(t), await signUp(t), await signUp(t)];
    const id = await privateChannel(owner, 'revoked');
    const token = await linkOf(owner, id);
    await as(t, member)('POST', '/api/v1/invite-links/join', { token });
    expect((await as(t, member)('DELETE', `/api/v1/conversations/${id}/invite-link`)).status).toBe(403);
    expect((await as(t, owner)('DELETE', `/api/v1/conversations/${id}/invite-link`)).status).toBe(204);
    const refused = await as(t, late)('POST', '/api/v1/invite-links/join', { token });
    expect(refused.status).toBe(404);
    expect(await code(refused)).toBe('not_found');
    expect((await as(t, late)('POST', '/api/v1/invite-links/preview', { token })).status).toBe(404);
    const next = await linkOf(member, id);
    expect(next).not.toBe(token);
    expect((await as(t, late)('POST', '/api/v1/invite-links/join', { token: next })).status).toBe(200);
  });

  it('refuses someone banned from the channel, and someone blocked by whoever made the link', async () => {
    const [owner, banned, blocker] = [await signUp(t), await signUp(t), await signUp(t)];
    const id = await privateChannel(owner, 'guarded');
    const token = await linkOf(owner, id);
    await as(t, banned)('POST', '/api/v1/invite-links/join', { token });
    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/ban`, { userId: banned.user.id })).status).toBe(204);
    const again = await as(t, banned)('POST', '/api/v1/invite-links/join', { token });
    expect(again.status).toBe(403);
    expect(await code(again)).toBe('banned');
    expect((await as(t, blocker)('PUT', `/api/v1/blocks/${owner.user.id}`)).status).toBeLessThan(300);
    expect(await code(await as(t, blocker)('POST', '/api/v1/invite-links/join', { token }))).toBe('blocked');
  });

  it('exist for private channels only, and an unknown or malformed token leads nowhere', async () => {
    const owner = await signUp(t);
    const open = Conversation.parse(await (await as(t, owner)('POST', '/api/v1/channels', { name: 'open-door', access: 'public' })).json());
    expect((await as(t, owner)('GET', `/api/v1/conversations/${open.id}/invite-link`)).status).toBe(403);
    expect((await as(t, owner)('POST', '/api/v1/invite-links/join', { token: 'A'.repeat(43) })).status).toBe(404);
    const malformed = await as(t, owner)('POST', '/api/v1/invite-links/join', { token: 'short' });
    expect(ErrorBody.parse(await malformed.json()).error).toMatchObject({ code: 'validation_failed', fields: { token: ['link_format'] } });
  });
});
