import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requireStrongPassword } from './password-strength.js';

const account = { username: 'newcomer', email: 'newcomer@example.com' };

/** This process's password checker, found among its children (Linux). */
function checkerPid(): number {
  const children = readdirSync('/proc/self/task').flatMap((task) => readFileSync(`/proc/self/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  const pid = children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes('password-strength-process'));
  if (pid === undefined) throw new Error('no password checker is running');
  return pid;
}

describe('requireStrongPassword', () => {
  it('refuses a weak password with its reason on the field, and lets a strong one through', async () => {
    await expect(requireStrongPassword('motdepasse', account, 'next')).rejects.toMatchObject({ code: 'validation_failed', fields: { next: ['password_common'] } });
    await expect(requireStrongPassword('a brand new lighthouse keeper', account)).resolves.toBeUndefined();
  });

  it('fails the checks of a checker that died as unavailable, and the next check starts another', async () => {
    await requireStrongPassword('a brand new lighthouse keeper', account);
    const checking = requireStrongPassword('another lighthouse keeper', account);
    process.kill(checkerPid(), 'SIGKILL');
    await expect(checking).rejects.toMatchObject({ code: 'unavailable', status: 503, retryAfter: 1 });
    await expect(requireStrongPassword('password', account)).rejects.toMatchObject({ fields: { password: ['password_common'] } });
  });
});
