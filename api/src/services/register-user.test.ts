import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Conversation, type Db } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { ApiError } from '../errors.js';
import { registerUser } from './register-user.js';
import { TEST_PASSWORD } from '@volley/shared/testing';

const deps = await testDeps();

/** PostgreSQL only: waits until an insert into users is blocked on another transaction's lock. */
async function insertIsWaiting(db: Db): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await db.raw("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'insert into \"users\"%'");
    if (rows[0].n > 0) return;
    await sleep(10);
  }
  throw new Error('the second registration never reached its insert');
}

describe('registerUser', () => {
  it('makes the new user a member of #general', async () => {
    const user = await registerUser(deps.db, { username: 'joiner', email: 'joiner@example.com', password: TEST_PASSWORD });
    const conversations = await Conversation.query(deps.db)
      .join('conversation_members as m', 'm.conversation_id', 'conversations.id')
      .where('m.user_id', user.id);
    expect(conversations.map((c) => c.kind)).toEqual(['world']);
  });

  it('turns losing a race to the unique index into a conflict on the field', async () => {
    // Another registration of the name, not yet committed: invisible to the check before the insert.
    const first = await deps.db.transaction();
    await first('users').insert({ id: newId(), username: 'Racer', email: 'first@example.com', display_name: 'Racer', password_hash: 'x' });
    const second = registerUser(deps.db, { username: 'racer', email: 'second@example.com', password: TEST_PASSWORD }).catch((err: unknown) => err);
    // PGlite has a single connection, so the second waits for the commit and sees the row; PostgreSQL shows the race.
    if (deps.config.databaseUrl) await insertIsWaiting(deps.db);
    await first.commit();
    const err = await second;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'conflict', fields: { username: ['taken'] } });
  });
});
