/**
 * The conversation policy's table: every kind of actor × every action × every kind of
 * conversation. A site role is no fact here: a site admin or moderator who is not a member of a
 * channel is its `stranger` (site.test.ts has what the role gives). Every actor of the first table
 * comes with a person's access token (no scope); a bot token narrows what it may through its scope
 * (the token table below, and scope.test.ts); the bot itself is a member or not like anyone.
 */
import { describe, expect, it } from 'vitest';
import { refusal, type ConversationAction, type ConversationActor, type ConversationSubject, type ConversationTarget } from './conversation.js';
import { table } from './policies.testing.js';

const NOW = new Date('2030-01-01T12:00:00Z');
const LATER = new Date('2030-01-01T13:00:00Z');
const EARLIER = new Date('2030-01-01T11:00:00Z');

const SUBJECTS: Record<string, ConversationSubject> = {
  public: { id: 'public', kind: 'channel', access: 'public' },
  private: { id: 'private', kind: 'channel', access: 'private' },
  tournament: { id: 'tournament', kind: 'channel', access: 'private', tournament: true },
  password: { id: 'password', kind: 'channel', access: 'password' },
  dm: { id: 'dm', kind: 'dm', access: null },
  world: { id: 'world', kind: 'world', access: null },
};

const member = (role: 'owner' | 'admin' | 'member', mutedUntil: Date | null = null) => ({ role, mutedUntil });
const ACTORS: Record<string, ConversationActor> = {
  owner: { userId: 'me', scope: null, member: member('owner') },
  admin: { userId: 'me', scope: null, member: member('admin') },
  member: { userId: 'me', scope: null, member: member('member') },
  muted: { userId: 'me', scope: null, member: member('member', LATER) },
  /** Muted once; the mute is over. */
  unmuted: { userId: 'me', scope: null, member: member('member', EARLIER) },
  /** A DM peer, and either of the two blocked the other. */
  blocked: { userId: 'me', scope: null, member: member('member'), blockedPeer: true },
  stranger: { userId: 'me', scope: null, member: undefined },
  banned: { userId: 'me', scope: null, member: undefined, ban: { until: LATER } },
  'banned-for-good': { userId: 'me', scope: null, member: undefined, ban: { until: null } },
  /** Banned once; the ban is over. */
  unbanned: { userId: 'me', scope: null, member: undefined, ban: { until: EARLIER } },
};

/** Acting on someone (moderate, set_role, invite, admit) acts on a plain member no one blocked. */
const TARGET: ConversationTarget = { userId: 'them', role: 'member' };

const ACTIONS: ConversationAction[] = ['see', 'read', 'send', 'edit', 'react', 'delete', 'join', 'ask_to_join', 'leave', 'configure', 'admit', 'moderate', 'set_role', 'invite', 'curate'];

// Each cell: `ok`, or the refusal's reason. Joining here brings no proof (see the join table below).
const CASES = table(`
# subject  actor            see    read       send       edit       react      delete     join               ask_to_join     leave          configure    admit        moderate     set_role     invite       curate
public     owner            ok     ok         ok         ok         ok         ok         ok                 already_member  owner_leaving  ok           ok           ok           ok           ok  ok
public     admin            ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         ok           ok           role         ok  ok
public     member           ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         role         role         role         role  role
public     muted            ok     ok         muted      muted      ok         ok         ok                 already_member  ok             role         role         role         role         role  role
public     unmuted          ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         role         role         role         role  role
public     stranger         ok     not_member not_member not_member not_member not_member ok                 open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
public     banned           ok     not_member banned     banned     banned     banned     banned             open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
public     banned-for-good  ok     not_member banned     banned     banned     banned     banned             open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
public     unbanned         ok     not_member not_member not_member not_member not_member ok                 open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
private    owner            ok     ok         ok         ok         ok         ok         ok                 already_member  owner_leaving  ok           ok           ok           ok           ok  ok
private    admin            ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         ok           ok           role         ok  ok
private    member           ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         role         role         role         role  role
private    muted            ok     ok         muted      muted      ok         ok         ok                 already_member  ok             role         role         role         role         role  role
private    stranger         ok     not_member not_member not_member not_member not_member invitation_needed  ok              not_member     not_member   not_member   not_member   not_member   not_member  not_member
private    banned           ok     not_member banned     banned     banned     banned     banned             banned          not_member     not_member   not_member   not_member   not_member   not_member  not_member
private    unbanned         ok     not_member not_member not_member not_member not_member invitation_needed  ok              not_member     not_member   not_member   not_member   not_member   not_member  not_member
tournament stranger         hidden not_member not_member not_member not_member not_member invitation_needed  ok              not_member     not_member   not_member   not_member   not_member   not_member  not_member
tournament member           ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         role         role         role         role  role
password   owner            ok     ok         ok         ok         ok         ok         ok                 already_member  owner_leaving  ok           ok           ok           ok           ok  ok
password   admin            ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         ok           ok           role         ok  ok
password   member           ok     ok         ok         ok         ok         ok         ok                 already_member  ok             role         role         role         role         role  role
password   muted            ok     ok         muted      muted      ok         ok         ok                 already_member  ok             role         role         role         role         role  role
password   stranger         ok     not_member not_member not_member not_member not_member wrong_password     open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
password   banned           ok     not_member banned     banned     banned     banned     banned             open            not_member     not_member   not_member   not_member   not_member   not_member  not_member
dm         member           ok     ok         ok         ok         ok         ok         not_channel        not_channel     not_channel    not_channel  not_channel  not_channel  not_channel  not_channel  ok
dm         blocked          ok     ok         blocked    blocked    blocked    ok         not_channel        not_channel     not_channel    not_channel  not_channel  not_channel  not_channel  not_channel  blocked
dm         stranger         hidden hidden     hidden     hidden     hidden     hidden     hidden             hidden          hidden         hidden       hidden       hidden       hidden       hidden  hidden
world      member           ok     ok         ok         ok         ok         ok         not_channel        not_channel     not_channel    not_channel  not_channel  not_channel  not_channel  not_channel  not_channel
world      muted            ok     ok         muted      muted      ok         ok         not_channel        not_channel     not_channel    not_channel  not_channel  not_channel  not_channel  not_channel  not_channel
world      stranger         hidden not_member not_member not_member not_member not_member not_channel        not_channel     not_channel    not_channel  not_channel  not_channel  not_channel  not_channel  not_channel
`);

const outcome = (actor: ConversationActor, action: ConversationAction, subject: ConversationSubject, target: ConversationTarget | undefined = TARGET) =>
  refusal(actor, action, subject, target, NOW)?.reason ?? 'ok';

describe('who may do what in a conversation', () => {
  for (const [subject, actor, ...cells] of CASES) {
    it(`${actor} in a ${subject} conversation`, () => {
      const got = Object.fromEntries(ACTIONS.map((action) => [action, outcome(ACTORS[actor!]!, action, SUBJECTS[subject!]!)]));
      expect(got).toEqual(Object.fromEntries(ACTIONS.map((action, i) => [action, cells[i]])));
    });
  }

  it('says until when a ban or a mute holds', () => {
    expect(refusal(ACTORS.banned!, 'send', SUBJECTS.public!, undefined, NOW)).toEqual({ reason: 'banned', until: LATER });
    expect(refusal(ACTORS['banned-for-good']!, 'join', SUBJECTS.public!, undefined, NOW)).toEqual({ reason: 'banned', until: null });
    expect(refusal(ACTORS.muted!, 'edit', SUBJECTS.public!, undefined, NOW)).toEqual({ reason: 'muted', until: LATER });
  });
});

// A stranger joining with what they brought.
const JOINS = table(`
# channel  proof            outcome
public     none             ok
password   password:right   ok
password   password:wrong   wrong_password
password   none             wrong_password
password   invited          wrong_password
private    invited          ok
private    not-invited      invitation_needed
private    password:right   invitation_needed
`);

const PROOFS: Record<string, ConversationActor['proof']> = {
  none: undefined,
  'password:right': { password: 'right' },
  'password:wrong': { password: 'wrong' },
  invited: { invited: true },
  'not-invited': { invited: false },
};

describe('joining a channel', () => {
  it.each(JOINS)('%s channel with %s: %s', (channel, proof, expected) => {
    expect(outcome({ ...ACTORS.stranger!, proof: PROOFS[proof!] }, 'join', SUBJECTS[channel!]!)).toBe(expected);
  });
});

// Acting on someone in a public channel: who acts, on whom.
const ON_SOMEONE = table(`
# actor   action    target                  outcome
owner     moderate  admin                   ok
owner     moderate  member                  ok
owner     moderate  non-member              ok
owner     moderate  self                    self
admin     moderate  owner                   outranked
admin     moderate  admin                   outranked
admin     moderate  member                  ok
admin     moderate  non-member              ok
admin     moderate  self                    self
member    moderate  member                  role
owner     set_role  admin                   ok
owner     set_role  member                  ok
owner     set_role  self                    outranked
admin     set_role  member                  role
owner     invite    blocked-non-member      blocked
admin     invite    non-member              ok
member    invite    non-member              role
owner     admit     banned-non-member       target_banned
admin     admit     unbanned-non-member     ok
member    admit     non-member              role
`);

const TARGETS: Record<string, ConversationTarget> = {
  admin: { userId: 'them', role: 'admin' },
  owner: { userId: 'them', role: 'owner' },
  member: TARGET,
  'non-member': { userId: 'them', role: undefined },
  'blocked-non-member': { userId: 'them', role: undefined, blocked: true },
  'banned-non-member': { userId: 'them', role: undefined, ban: { until: LATER } },
  'unbanned-non-member': { userId: 'them', role: undefined, ban: { until: EARLIER } },
};

describe('acting on someone in a channel', () => {
  it.each(ON_SOMEONE)('%s: %s on %s → %s', (actor, action, target, expected) => {
    const self: ConversationTarget = { userId: 'me', role: ACTORS[actor!]!.member!.role };
    expect(outcome(ACTORS[actor!]!, action as ConversationAction, SUBJECTS.public!, target === 'self' ? self : TARGETS[target!])).toBe(expected);
  });
});

// The token the owner of a public channel came with: what it reaches and how (scope.ts), asked before anything else.
const TOKENS = table(`
# token             see             read            send            edit            react           delete          leave           configure
person              ok              ok              ok              ok              ok              ok              owner_leaving   ok
all:read_write      ok              ok              ok              ok              ok              ok              owner_leaving   ok
all:read            ok              ok              token_scope     token_scope     token_scope     token_scope     token_scope     token_scope
public:read_write   ok              ok              ok              ok              ok              ok              owner_leaving   ok
public:read         ok              ok              token_scope     token_scope     token_scope     token_scope     token_scope     token_scope
other:read_write    token_scope     token_scope     token_scope     token_scope     token_scope     token_scope     token_scope     token_scope
none:read_write     token_scope     token_scope     token_scope     token_scope     token_scope     token_scope     token_scope     token_scope
`);

const TOKEN_ACTIONS: ConversationAction[] = ['see', 'read', 'send', 'edit', 'react', 'delete', 'leave', 'configure'];

/** `person`: an access token; otherwise `<conversations>:<access>`, `all` for a token that reaches every one. */
function scopeOf(token: string): ConversationActor['scope'] {
  if (token === 'person') return null;
  const [reach, access] = token.split(':') as [string, 'read' | 'read_write'];
  return { access, conversations: reach === 'all' ? null : reach === 'none' ? [] : [reach] };
}

describe('the token an actor came with', () => {
  for (const [token, ...cells] of TOKENS) {
    it(`${token} token`, () => {
      const actor = { ...ACTORS.owner!, scope: scopeOf(token!) };
      const got = Object.fromEntries(TOKEN_ACTIONS.map((action) => [action, outcome(actor, action, SUBJECTS.public!)]));
      expect(got).toEqual(Object.fromEntries(TOKEN_ACTIONS.map((action, i) => [action, cells[i]])));
    });
  }

  it('is refused before the conversation would hide itself: a token out of reach learns no more of a DM than of a channel', () => {
    const outOfReach = { ...ACTORS.stranger!, scope: scopeOf('other:read_write') };
    expect(outcome(outOfReach, 'read', SUBJECTS.dm!)).toBe('token_scope');
    expect(outcome(outOfReach, 'read', SUBJECTS.public!)).toBe('token_scope');
  });

  it('read-only, reads the join requests a manager admits from, and admits no one', () => {
    const reader = { ...ACTORS.admin!, scope: scopeOf('public:read') };
    expect(refusal(reader, 'admit', SUBJECTS.public!, undefined, NOW)).toBeNull();
    expect(refusal(reader, 'admit', SUBJECTS.public!, { userId: 'them', role: undefined }, NOW)).toEqual({ reason: 'token_scope' });
  });
});
