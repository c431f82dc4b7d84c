/** The scope policy's table: a JWT and a bot token of each scope × reading and writing × what they act on. */
import { describe, expect, it } from 'vitest';
import { can, type ScopeSubject, type Token } from './scope.js';
import { table } from './policies.testing.js';

const TOKENS: Record<string, Token> = {
  jwt: {},
  'read/all': { scope: { access: 'read', conversations: null } },
  'read/c1': { scope: { access: 'read', conversations: ['c1'] } },
  'read_write/all': { scope: { access: 'read_write', conversations: null } },
  'read_write/c1': { scope: { access: 'read_write', conversations: ['c1'] } },
};

const SUBJECTS: ScopeSubject[] = [{ conversation: 'c1' }, { conversation: 'c2' }, 'all_conversations', 'account'];

// Cells: c1, c2 (one conversation each), all conversations, the account; `yes` or `no`.
const CASES = table(`
# token          action  c1   c2   all  account
jwt              read    yes  yes  yes  yes
jwt              write   yes  yes  yes  yes
read/all         read    yes  yes  yes  yes
read/all         write   no   no   no   no
read/c1          read    yes  no   no   yes
read/c1          write   no   no   no   no
read_write/all   read    yes  yes  yes  yes
read_write/all   write   yes  yes  yes  yes
read_write/c1    read    yes  no   no   yes
read_write/c1    write   yes  no   no   yes
`);

describe('what a token may do', () => {
  it.each(CASES)('%s, %s', (token, action, ...cells) => {
    const got = SUBJECTS.map((subject) => (can(TOKENS[token!]!, action as 'read' | 'write', subject) ? 'yes' : 'no'));
    expect(got).toEqual(cells);
  });
});
