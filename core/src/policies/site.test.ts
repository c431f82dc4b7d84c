/**
 * The site policy's table: the operator, a site admin, a site moderator and a user × moderating
 * and administering × on whom. What a site role gives inside a conversation: nothing
 * (conversation.test.ts, its `stranger`).
 */
import type { SiteRole } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { can, type SiteAction, type SiteActor } from './site.js';
import { table } from './policies.testing.js';

const ACTORS: Record<string, SiteActor> = {
  operator: { userId: null, role: 'admin' },
  admin: { userId: 'me', role: 'admin' },
  moderator: { userId: 'me', role: 'moderator' },
  user: { userId: 'me', role: 'user' },
};

const TARGETS: Record<string, { userId: string; role: SiteRole } | undefined> = {
  nobody: undefined,
  user: { userId: 'them', role: 'user' },
  moderator: { userId: 'them', role: 'moderator' },
  admin: { userId: 'them', role: 'admin' },
};
const COLUMNS = ['nobody', 'user', 'moderator', 'admin', 'self'];

// Cells: on nobody (the lists, the bans of address ranges), on a user, a moderator, an admin, on oneself.
const CASES = table(`
# actor     action      nobody  user  moderator  admin  self
operator    moderate    yes     yes   yes        yes    yes
operator    administer  yes     yes   yes        yes    yes
admin       moderate    yes     yes   yes        no     no
admin       administer  yes     yes   yes        no     no
moderator   moderate    yes     yes   no         no     no
moderator   administer  no      no    no         no     no
user        moderate    no      no    no         no     no
user        administer  no      no    no         no     no
`);

describe('who may run the site', () => {
  it.each(CASES)('%s, %s', (actor, action, ...cells) => {
    const who = ACTORS[actor!]!;
    const on = (column: string) => (column === 'self' ? { userId: who.userId ?? 'operator', role: who.role } : TARGETS[column]);
    expect(COLUMNS.map((column) => (can(who, action as SiteAction, on(column)) ? 'yes' : 'no'))).toEqual(cells);
  });
});
