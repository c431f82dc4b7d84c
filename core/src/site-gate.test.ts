/**
 * The site gate refuses an ended session by its refresh family: as another process's event names
 * it, or, for a process that missed the event, once it reloads what the database records.
 */
import { describe, expect, it } from 'vitest';
import { newId } from '@volley/shared';
import { DomainEvents } from './events.js';
import { testDeps } from './core.testing.js';

const deps = await testDeps();

async function someone(): Promise<string> {
  const id = newId();
  await deps.db('users').insert({ id, username: `u_${id.slice(-8)}`, email: `${id}@example.test`, display_name: 'U', password_hash: '' });
  return id;
}

describe('the site gate and ended sessions', () => {
  it('refuses a session another process ended as its event arrives, and only that session', async () => {
    const userId = await someone();
    const [ended, live] = [newId(), newId()];
    await new DomainEvents(deps.otherProcessBus()).publish({ type: 'site.changed', endedSessions: [ended] });
    await expect.poll(() => deps.gate.refuse({ userId, sessionId: ended })?.reason).toBe('session_ended');
    expect(deps.gate.refuse({ userId, sessionId: live })).toBeNull();
  });

  it('refuses, after a reload, a session whose refresh tokens the database records revoked', async () => {
    const userId = await someone();
    const family = newId();
    await deps.db('refresh_tokens').insert({ id: newId(), user_id: userId, family_id: family, token_hash: newId(), expires_at: new Date(Date.now() + 60_000), revoked_at: new Date() });
    await deps.gate.reload();
    expect(deps.gate.refuse({ userId, sessionId: family })).toMatchObject({ reason: 'session_ended' });
  });

  it('judges a token without a session (a bot’s) by the time of the kick, to the millisecond', async () => {
    const userId = await someone();
    const kickedAt = Date.now();
    await deps.db('users').where({ id: userId }).update({ tokens_valid_after: new Date(kickedAt) });
    await deps.gate.reload();
    expect(deps.gate.refuse({ userId, issuedAt: kickedAt - 1 })).toMatchObject({ reason: 'session_ended' });
    expect(deps.gate.refuse({ userId, issuedAt: kickedAt })).toBeNull();
  });
});
