import { randomBytes } from 'node:crypto';
/**
 * The authorization matrix at the API: who may do what to a password channel (password
 * "sesame"), each cell on a fresh channel. Acting on someone (kick, ban, mute, transfer) targets
 * a plain member. "socket" cells belong to the sync server's matrix (sync-server/).
 *
 * | actor    | read | history | search | send   | join       | kick | ban  | mute | change password | transfer | open DM with owner | open room |
 * |----------|------|---------|--------|--------|------------|------|------|------|-----------------|----------|--------------------|-----------|
 * | stranger | 403  | 403     | 403    | socket | ok         | 403  | 403  | 403  | 403             | 403      | ok                 | socket    |
 * | member   | ok   | ok      | ok     | socket | ok (noop)  | 403  | 403  | 403  | 403             | 403      | ok                 | socket    |
 * | admin    | ok   | ok      | ok     | socket | ok (noop)  | ok   | ok   | ok   | 403             | 403      | ok                 | socket    |
 * | owner    | ok   | ok      | ok     | socket | ok (noop)  | ok   | ok   | ok   | ok              | ok       | 400 (self)         | socket    |
 * | banned   | 403  | 403     | 403    | socket | 403 banned | 403  | 403  | 403  | 403             | 403      | ok                 | socket    |
 * | kicked   | 403  | 403     | 403    | socket | ok         | 403  | 403  | 403  | 403             | 403      | ok                 | socket    |
 * | muted    | ok   | ok      | ok     | socket | ok (noop)  | 403  | 403  | 403  | 403             | 403      | ok                 | socket    |
 * | blocked  | ok   | ok      | ok     | socket | ok (noop)  | 403  | 403  | 403  | 403             | 403      | 403 blocked        | socket    |
 * | blocker  | ok   | ok      | ok     | socket | ok (noop)  | 403  | 403  | 403  | 403             | 403      | 403 blocked        | socket    |
 *
 * 403 without a code is `forbidden`. "blocked" is a member the owner blocked; "blocker" a member
 * who blocked the owner: blocking changes nothing inside a channel, only between the two people
 * (and in what search finds: neither finds the other's messages, see routes/messages/search.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationMember } from '@volley/core';
import { Conversation, ErrorBody, type ErrorCode } from '@volley/shared';
import { as, signUp, startTestApi, type Session, type TestApi } from './api.testing.js';

const ACTORS = ['stranger', 'member', 'admin', 'owner', 'banned', 'kicked', 'muted', 'blocked', 'blocker'] as const;
type Actor = (typeof ACTORS)[number];
type Action = 'read' | 'history' | 'search' | 'join' | 'kick' | 'ban' | 'mute' | 'change password' | 'transfer' | 'open DM with owner';
type Expected = 'ok' | { status: number; code: ErrorCode };

const ok = 'ok';
const forbidden: Expected = { status: 403, code: 'forbidden' };
const banned: Expected = { status: 403, code: 'banned' };
const blocked: Expected = { status: 403, code: 'blocked' };
const self: Expected = { status: 400, code: 'validation_failed' };

// Columns: read, history, search, join, kick, ban, mute, change password, transfer, open DM with owner.
const ACTIONS: Action[] = ['read', 'history', 'search', 'join', 'kick', 'ban', 'mute', 'change password', 'transfer', 'open DM with owner'];
const MATRIX: Record<Actor, Expected[]> = {
  stranger: [forbidden, forbidden, forbidden, ok, forbidden, forbidden, forbidden, forbidden, forbidden, ok],
  member: [ok, ok, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, ok],
  admin: [ok, ok, ok, ok, ok, ok, ok, forbidden, forbidden, ok],
  owner: [ok, ok, ok, ok, ok, ok, ok, ok, ok, self],
  banned: [forbidden, forbidden, forbidden, banned, forbidden, forbidden, forbidden, forbidden, forbidden, ok],
  kicked: [forbidden, forbidden, forbidden, ok, forbidden, forbidden, forbidden, forbidden, forbidden, ok],
  muted: [ok, ok, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, ok],
  blocked: [ok, ok, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, blocked],
  blocker: [ok, ok, ok, ok, forbidden, forbidden, forbidden, forbidden, forbidden, blocked],
};

let t: TestApi;
const users = {} as Record<Actor | 'target', Session>;
beforeAll(async () => {
  t = await startTestApi();
  for (const name of [...ACTORS, 'target'] as const) users[name] = await signUp(t);
  expect((await as(t, users.owner)('PUT', `/api/v1/blocks/${users.blocked.user.id}`)).status).toBe(204);
  expect((await as(t, users.blocker)('PUT', `/api/v1/blocks/${users.owner.user.id}`)).status).toBe(204);
});
afterAll(() => t.close());

/** A password channel with every actor in their place, the kick, ban and mute made through the api. */
async function freshChannel(): Promise<string> {
  const owner = as(t, users.owner);
  const res = await owner('POST', '/api/v1/channels', { name: `matrix-${randomBytes(4).toString('hex')}`, access: 'password', password: 'sesame' });
  const { id } = Conversation.parse(await res.json());
  const roles: [Session, 'admin' | 'member'][] = [[users.admin, 'admin'], ...(['member', 'banned', 'kicked', 'muted', 'blocked', 'blocker', 'target'] as const).map((n) => [users[n], 'member'] as [Session, 'member'])];
  await ConversationMember.query(t.deps.db).insert(roles.map(([s, role]) => ({ conversationId: id, userId: s.user.id, role })));
  for (const [action, body] of [['kick', { userId: users.kicked.user.id }], ['ban', { userId: users.banned.user.id }], ['mute', { userId: users.muted.user.id, minutes: 60 }]] as const) {
    expect((await owner('POST', `/api/v1/conversations/${id}/${action}`, body)).status).toBe(204);
  }
  return id;
}

function perform(action: Action, actor: Session, convId: string): Promise<Response> {
  const call = as(t, actor);
  const base = `/api/v1/conversations/${convId}`;
  const target = { userId: users.target.user.id };
  switch (action) {
    case 'read': return call('GET', `${base}/members`);
    case 'history': return call('GET', `${base}/messages`);
    case 'search': return call('GET', `/api/v1/search?q=volley&convId=${convId}`);
    case 'join': return call('POST', `${base}/join`, { password: 'sesame' });
    case 'kick': return call('POST', `${base}/kick`, target);
    case 'ban': return call('POST', `${base}/ban`, { ...target, minutes: 10 });
    case 'mute': return call('POST', `${base}/mute`, { ...target, minutes: 10 });
    case 'change password': return call('PUT', `${base}/password`, { password: 'new secret' });
    case 'transfer': return call('POST', `${base}/transfer`, target);
    case 'open DM with owner': return call('POST', '/api/v1/conversations/dm', { userId: users.owner.user.id });
  }
}

const cells = ACTORS.flatMap((actor) => ACTIONS.map((action, i) => [actor, action, MATRIX[actor][i]!] as const));

describe('the authorization matrix', () => {
  it.each(cells)('%s → %s', async (actor, action, expected) => {
    const convId = await freshChannel();
    const res = await perform(action, users[actor], convId);
    if (expected === 'ok') {
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    } else {
      expect(res.status).toBe(expected.status);
      expect(ErrorBody.parse(await res.json()).error.code).toBe(expected.code);
    }
  });
});

describe('who moderates whom', () => {
  // actor → target: the owner outranks admins; nobody acts on the owner or on themselves.
  const RULES: [Actor, 'admin' | 'owner' | 'self' | 'member', Expected][] = [
    ['admin', 'admin', forbidden],
    ['owner', 'admin', ok],
    ['admin', 'owner', forbidden],
    ['admin', 'self', forbidden],
    ['owner', 'self', forbidden],
    ['admin', 'member', ok],
  ];
  it.each(RULES)('%s kicks, bans or mutes %s', async (actor, targetKind, expected) => {
    for (const action of ['kick', 'ban', 'mute'] as const) {
      const convId = await freshChannel();
      const secondAdmin = users.target;
      await ConversationMember.query(t.deps.db).findById([convId, secondAdmin.user.id]).patch({ role: targetKind === 'admin' ? 'admin' : 'member' });
      const target = { admin: secondAdmin, owner: users.owner, self: users[actor], member: users.member }[targetKind];
      const body = { userId: target.user.id, ...(action === 'mute' ? { minutes: 5 } : {}) };
      const res = await as(t, users[actor])('POST', `/api/v1/conversations/${convId}/${action}`, body);
      if (expected === 'ok') expect(res.status).toBe(204);
      else expect(ErrorBody.parse(await res.json()).error.code).toBe(expected.code);
    }
  });
});
