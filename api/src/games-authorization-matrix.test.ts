/**
 * The authorization matrix of games at the API: who may answer, watch and read the record of an
 * invitation's players, each cell on a fresh invitation from the inviter.
 *
 * | actor           | watch | accept      | decline | inviter's matches | inviter's stats | leaderboard |
 * |-----------------|-------|-------------|---------|-------------------|-----------------|-------------|
 * | inviter         | ok    | 403         | 403     | ok                | ok              | ok          |
 * | invited         | ok    | ok          | ok      | ok                | ok              | ok          |
 * | stranger        | ok    | 404         | 404     | ok                | ok              | ok          |
 * | blocker         | 404   | 404         | 404     | ok                | ok              | ok          |
 * | blocked         | 404   | 404         | 404     | 404               | 404             | ok          |
 * | invited+blocked | 404   | 403 blocked | ok      | 404               | 404             | ok          |
 *
 * 403 without a code is `forbidden`. "blocker" blocked the inviter; the inviter blocked "blocked",
 * and blocked "invited+blocked" after inviting them. A game is not found by anyone blocked either
 * way with a player; a player's record is not found by those they blocked (as their profile).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInvitation, as, signUp, startTestApi, type Session, type TestApi } from './api.testing.js';
import { expectAnswer, forbidden, notFound, ok, refused, type Answer } from './authorization-matrix.testing.js';

const ACTORS = ['inviter', 'invited', 'stranger', 'blocker', 'blocked', 'invited+blocked'] as const;
type Actor = (typeof ACTORS)[number];
const ACTIONS = ['watch', 'accept', 'decline', 'inviter’s matches', 'inviter’s stats', 'leaderboard'] as const;
type Action = (typeof ACTIONS)[number];
const blocked = refused(403, 'blocked');

const MATRIX: Record<Actor, Answer[]> = {
  inviter: [ok, forbidden, forbidden, ok, ok, ok],
  invited: [ok, ok, ok, ok, ok, ok],
  stranger: [ok, notFound, notFound, ok, ok, ok],
  blocker: [notFound, notFound, notFound, ok, ok, ok],
  blocked: [notFound, notFound, notFound, notFound, notFound, ok],
  'invited+blocked': [notFound, blocked, ok, notFound, notFound, ok],
};

let t: TestApi;
const users = {} as Record<Actor, Session>;
beforeAll(async () => {
  t = await startTestApi();
  for (const name of ACTORS) users[name] = await signUp(t);
  expect((await as(t, users.blocker)('PUT', `/api/v1/blocks/${users.inviter.user.id}`)).status).toBe(204);
  expect((await as(t, users.inviter)('PUT', `/api/v1/blocks/${users.blocked.user.id}`)).status).toBe(204);
});
afterAll(() => t.close());

const freshInvitation = async (to: Session) => (await addInvitation(t, users.inviter, to)).id;

function perform(action: Action, actor: Session, gameId: string): Promise<Response> {
  const call = as(t, actor);
  const inviter = users.inviter.user.id;
  switch (action) {
    case 'watch': return call('GET', `/api/v1/games/${gameId}`);
    case 'accept': return call('POST', `/api/v1/games/${gameId}/accept`);
    case 'decline': return call('POST', `/api/v1/games/${gameId}/decline`);
    case 'inviter’s matches': return call('GET', `/api/v1/users/${inviter}/matches`);
    case 'inviter’s stats': return call('GET', `/api/v1/users/${inviter}/game-stats`);
    case 'leaderboard': return call('GET', '/api/v1/leaderboard');
  }
}

const cells = ACTORS.flatMap((actor) => ACTIONS.map((action, i) => [actor, action, MATRIX[actor][i]!] as const));

describe('the games authorization matrix', () => {
  it.each(cells)('%s → %s', async (actor, action, expected) => {
    const invitedBlocked = actor === 'invited+blocked';
    const gameId = await freshInvitation(actor === 'invited' || invitedBlocked ? users[actor] : users.invited);
    if (invitedBlocked) await as(t, users.inviter)('PUT', `/api/v1/blocks/${users[actor].user.id}`);
    const res = await perform(action, users[actor], gameId);
    if (invitedBlocked) await as(t, users.inviter)('DELETE', `/api/v1/blocks/${users[actor].user.id}`);
    expectAnswer({ status: res.status, text: await res.text() }, expected);
  });
});
