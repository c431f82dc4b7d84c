/** The message policy's table: who edits and deletes which message, by role and conversation. */
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
# conversation  role    action  message           outcome
channel         member  edit    own_text          ok
channel         member  edit    own_/me           ok
channel         member  edit    own_invitation    forbidden
channel         member  edit    own_result        forbidden
channel         member  edit    own_system_line   forbidden
channel         owner   edit    another's_text    not_author
channel         admin   edit    another's_text    not_author
channel         member  delete  own_text          ok
channel         member  delete  own_invitation    ok
channel         member  delete  another's_text    forbidden
channel         admin   delete  another's_text    ok
channel         owner   delete  another's_text    ok
dm              member  delete  another's_text    forbidden
dm              member  delete  own_text          ok
world           member  delete  another's_text    forbidden
world           member  edit    own_text          ok
`);

describe('who may change a message', () => {
  it.each(CASES)('%s, %s: %s %s → %s', (conversation, role, action, message, expected) => {
    const subject = MESSAGES[message!.replaceAll('_', ' ')]!;
    const got = refusal({ userId: 'me', role: role as 'owner' | 'admin' | 'member' }, action as MessageAction, subject, { kind: conversation as 'channel' | 'dm' | 'world' });
    expect(got?.reason ?? 'ok').toBe(expected);
  });
});
