/**
 * The game policy's table: the players, spectators, those a block hides the game from and bot
 * tokens of each scope × queueing, playing, watching and answering, for an invitation offered in
 * conversation c1; then a queue's game, and inviting.
 */
import { describe, expect, it } from 'vitest';
import { refusal, type GameActor, type GameSubject } from './game.js';
import { table } from './policies.testing.js';

const INVITATION: GameSubject = { leftId: 'inviter', rightId: 'invited', conversationId: 'c1', invitation: true };
const QUEUED: GameSubject = { leftId: 'inviter', rightId: 'invited', conversationId: null, invitation: false };

const ACTORS: Record<string, GameActor> = {
  inviter: { userId: 'inviter' },
  invited: { userId: 'invited' },
  /** The invited player, and the two players blocked each other since the invitation. */
  'invited+blocked': { userId: 'invited', blocked: true },
  spectator: { userId: 'someone' },
  /** Someone who and a player blocked each other. */
  'blocked-spectator': { userId: 'someone', blocked: true },
  'read-bot-spectator': { userId: 'bot', scope: { access: 'read', conversations: null } },
  'read-bot-inviter': { userId: 'inviter', scope: { access: 'read', conversations: null } },
  'read_write-bot-inviter': { userId: 'inviter', scope: { access: 'read_write', conversations: null } },
  'c1-bot-spectator': { userId: 'bot', scope: { access: 'read', conversations: ['c1'] } },
  'c2-bot-spectator': { userId: 'bot', scope: { access: 'read_write', conversations: ['c2'] } },
  'c2-bot-inviter': { userId: 'inviter', scope: { access: 'read_write', conversations: ['c2'] } },
  'c1-bot-invited': { userId: 'invited', scope: { access: 'read_write', conversations: ['c1'] } },
  'c2-bot-invited': { userId: 'invited', scope: { access: 'read_write', conversations: ['c2'] } },
  'read-bot-invited': { userId: 'invited', scope: { access: 'read', conversations: null } },
};

const CASES = table(`
# game        actor                    queue        play         watch        accept       decline
invitation    inviter                  ok           ok           ok           not_invited  not_invited
invitation    invited                  ok           ok           ok           ok           ok
invitation    invited+blocked          ok           ok           hidden       blocked      ok
invitation    spectator                ok           hidden       ok           hidden       hidden
invitation    blocked-spectator        ok           hidden       hidden       hidden       hidden
invitation    read-bot-spectator       token_scope  hidden       ok           hidden       hidden
invitation    read-bot-inviter         token_scope  token_scope  ok           not_invited  not_invited
invitation    read_write-bot-inviter   ok           ok           ok           not_invited  not_invited
invitation    c1-bot-spectator         token_scope  hidden       ok           hidden       hidden
invitation    c2-bot-spectator         ok           token_scope  token_scope  hidden       hidden
invitation    c2-bot-inviter           ok           token_scope  token_scope  not_invited  not_invited
invitation    c1-bot-invited           ok           ok           ok           ok           ok
invitation    c2-bot-invited           ok           token_scope  token_scope  token_scope  token_scope
invitation    read-bot-invited         token_scope  token_scope  ok           token_scope  token_scope
queued        read-bot-invited         token_scope  token_scope  ok           hidden       hidden
queued        invited                  ok           ok           ok           hidden       hidden
queued        c2-bot-inviter           ok           ok           ok           hidden       hidden
queued        blocked-spectator        ok           hidden       hidden       hidden       hidden
`);

describe('who may play, watch and answer', () => {
  for (const [game, actor, ...cells] of CASES) {
    it(`${actor}, ${game === 'queued' ? "a queue's game" : 'an invitation'}`, () => {
      const subject = game === 'queued' ? QUEUED : INVITATION;
      const who = ACTORS[actor!]!;
      const got = [
        refusal(who, 'queue'),
        refusal(who, 'play', subject),
        refusal(who, 'watch', subject),
        refusal(who, 'accept', subject),
        refusal(who, 'decline', subject),
      ].map((r) => r?.reason ?? 'ok');
      expect(got).toEqual(cells);
    });
  }
});

const INVITES = table(`
# invitee                   outcome
member                      ok
blocked-member              blocked
non-member                  invalid_invitee
self                        invalid_invitee
`);

describe('inviting another member to play', () => {
  it.each(INVITES)('%s: %s', (invitee, expected) => {
    const to = { userId: invitee === 'self' ? 'me' : 'them', member: invitee !== 'non-member' };
    expect(refusal({ userId: 'me', blocked: invitee === 'blocked-member' }, 'invite', to)?.reason ?? 'ok').toBe(expected);
  });
});
