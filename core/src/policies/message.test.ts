/** The message policy's table: who edits and deletes which message, by role and conversation. */
import type { Role, SiteRole } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { refusal, type MessageAction, type MessageSubject } from './message.js';
import { table } from './policies.testing.js';

const MESSAGES: Record<string, MessageSubject> = {
  'own text': { authorId: 'me', kind: 'text' },
  'own /me': { authorId: 'me', kind: 'me' },
  'own invitation': { authorId: 'me', kind: 'invite' },
  'own result': { authorId: 'me', kind: 'result' },
  'own system line': { authorId: 'me', kind: 'system' },
  "another's text": { authorId: 'them', kind: 'text' },
};

// A message's name is written with `_` for its spaces.
const CASES = table(`
# A role is the actor's in the conversation; site:<role> is a plain member with that site role.
# conversation  role            action  message          outcome
channel         member          edit    own_text         ok
channel         member          edit    own_/me          ok
channel         member          edit    own_invitation   forbidden
channel         member          edit    own_result       forbidden
channel         member          edit    own_system_line  forbidden
channel         owner           edit    another's_text   not_author
channel         admin           edit    another's_text   not_author
channel         member          delete  own_text         ok
channel         member          delete  own_invitation   ok
channel         member          delete  another's_text   forbidden
channel         admin           delete  another's_text   ok
channel         owner           delete  another's_text   ok
dm              member          delete  another's_text   forbidden
dm              member          delete  own_text         ok
world           member          delete  another's_text   forbidden
world           member          edit    own_text         ok
world           site:moderator  delete  another's_text   ok
world           site:admin      delete  another's_text   ok
world           site:user       delete  another's_text   forbidden
world           site:moderator  edit    another's_text   not_author
dm              site:admin      delete  another's_text   ok
channel         site:moderator  delete  another's_text   ok
channel         site:admin      edit    another's_text   not_author
`);

describe('who may change a message', () => {
  it.each(CASES)('%s, %s: %s %s → %s', (conversation, role, action, message, expected) => {
    const subject = MESSAGES[message!.replaceAll('_', ' ')]!;
    const [siteRole, channelRole] = role!.startsWith('site:') ? [role!.slice(5) as SiteRole, 'member' as const] : [undefined, role as Role];
    const got = refusal({ userId: 'me', role: channelRole, ...(siteRole && { siteRole }) }, action as MessageAction, subject, { kind: conversation as 'channel' | 'dm' | 'world' });
    expect(got?.reason ?? 'ok').toBe(expected);
  });
});
