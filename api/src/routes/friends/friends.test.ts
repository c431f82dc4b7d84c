import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, FriendRequest, Friend, Page, UserProfile } from '@volley/shared';
import { as, notificationsFor, recordEvents, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const friendsOf = async (s: Session) => Page(Friend).parse(await (await as(t, s)('GET', '/api/v1/friends')).json()).items;
const requestsOf = async (s: Session, direction: 'sent' | 'received') =>
  Page(FriendRequest).parse(await (await as(t, s)('GET', `/api/v1/friends/requests?direction=${direction}`)).json()).items;
const relation = async (viewer: Session, of: Session) => UserProfile.parse(await (await as(t, viewer)('GET', `/api/v1/users/${of.user.id}`)).json()).relation;
const errorCode = async (res: Response) => ErrorBody.parse(await res.json()).error.code;

describe('friend requests', () => {
  it('go from sent to accepted, notifying each side and announcing the friendship', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const recorded = await recordEvents(t);
    const sent = await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id });
    expect(sent.status).toBe(201);
    const request = FriendRequest.parse(await sent.json());
    expect(await requestsOf(ann, 'sent')).toEqual([request]);
    expect(await requestsOf(bob, 'received')).toEqual([request]);
    expect(await relation(ann, bob)).toBe('request_sent');
    expect(await relation(bob, ann)).toBe('request_received');
    expect(await notificationsFor(t, bob.user.id)).toMatchObject([{ kind: 'friend_request', from: ann.user, requestId: request.id }]);

    expect((await as(t, ann)('POST', `/api/v1/friends/requests/${request.id}/accept`)).status).toBe(404);
    expect((await as(t, bob)('POST', `/api/v1/friends/requests/${request.id}/accept`)).status).toBe(200);
    expect((await friendsOf(ann)).map((f) => f.user.id)).toEqual([bob.user.id]);
    expect((await friendsOf(bob)).map((f) => f.user)).toEqual([{ ...ann.user, avatarUrl: null }]);
    expect(await relation(ann, bob)).toBe('friend');
    expect(await requestsOf(bob, 'received')).toEqual([]);
    expect(await notificationsFor(t, ann.user.id)).toMatchObject([{ kind: 'friend_accepted', by: bob.user }]);
    await expect.poll(() => recorded.events).toContainEqual({ type: 'social.changed', userIds: [ann.user.id, bob.user.id] });
    await recorded.stop();
  });

  it('accepts the other person’s pending request instead of making a second one', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id });
    const back = await as(t, bob)('POST', '/api/v1/friends/requests', { userId: ann.user.id });
    expect(back.status).toBe(200);
    expect(FriendRequest.parse(await back.json()).status).toBe('accepted');
    expect(await relation(ann, bob)).toBe('friend');
  });

  it('refuses a duplicate, a request to a friend and one to oneself', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const send = () => as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id });
    await send();
    expect(await errorCode(await send())).toBe('friend_request_pending');
    await as(t, bob)('POST', '/api/v1/friends/requests', { userId: ann.user.id });
    expect(await errorCode(await send())).toBe('already_friends');
    expect(await errorCode(await as(t, ann)('POST', '/api/v1/friends/requests', { userId: ann.user.id }))).toBe('validation_failed');
  });

  it('can be declined by the recipient only, and cancelled by the sender only', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const first = FriendRequest.parse(await (await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id })).json());
    expect((await as(t, bob)('DELETE', `/api/v1/friends/requests/${first.id}`)).status).toBe(404);
    expect((await as(t, ann)('DELETE', `/api/v1/friends/requests/${first.id}`)).status).toBe(204);
    expect(await errorCode(await as(t, bob)('POST', `/api/v1/friends/requests/${first.id}/decline`))).toBe('request_decided');
    const second = FriendRequest.parse(await (await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id })).json());
    expect((await as(t, ann)('POST', `/api/v1/friends/requests/${second.id}/decline`)).status).toBe(404);
    expect(FriendRequest.parse(await (await as(t, bob)('POST', `/api/v1/friends/requests/${second.id}/decline`)).json()).status).toBe('declined');
    expect(await relation(ann, bob)).toBe('none');
  });

  it('ends a friendship on both sides when either removes the other', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id });
    await as(t, bob)('POST', '/api/v1/friends/requests', { userId: ann.user.id });
    const recorded = await recordEvents(t);
    expect((await as(t, bob)('DELETE', `/api/v1/friends/${ann.user.id}`)).status).toBe(204);
    expect(await friendsOf(ann)).toEqual([]);
    expect(await friendsOf(bob)).toEqual([]);
    expect((await as(t, bob)('DELETE', `/api/v1/friends/${ann.user.id}`)).status).toBe(404);
    await expect.poll(() => recorded.events).toContainEqual({ type: 'social.changed', userIds: [bob.user.id, ann.user.id] });
    await recorded.stop();
  });
});
