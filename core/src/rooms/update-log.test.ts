/**
 * A tick's writes in one round trip (migrations 028, 045): the update log's appends and the plain
 * sends queued meanwhile. A send that fails for a reason its checks did not foresee fails alone,
 * and a send under an op id already recorded answers `check` alone: the appends of its tick and
 * the other sends are recorded.
 */
import { newId } from '@volley/shared';
import { expect, it } from 'vitest';
import { testDeps } from '../core.testing.js';
import { UpdateLog } from './update-log.js';

const deps = await testDeps();

async function member(): Promise<{ user: string; conv: string }> {
  const { db } = deps;
  const [user, conv] = [newId(), newId()];
  await db('users').insert({ id: user, username: `u_${user.slice(-10).toLowerCase()}`, email: `${user.toLowerCase()}@volley.test`, display_name: 'u', password_hash: 'x' });
  await db('conversations').insert({ id: conv, kind: 'channel', name: `c_${conv.slice(-10).toLowerCase()}` });
  await db('conversation_members').insert({ conversation_id: conv, user_id: user });
  return { user, conv };
}

it('answers a send under an op id already recorded `check`, and records the rest of its tick', async () => {
  const { db } = deps;
  const { user, conv } = await member();
  const log = new UpdateLog(db);
  const send = (id: string, body: string) => log.recordSend({ id, convId: conv, authorId: user, body, kind: 'text', at: new Date(), segmentSize: 1000, sentFrom: null });
  const resent = newId();
  expect(await send(resent, 'once')).toMatchObject({ outcome: 'inserted', seq: 1 });

  const room = `conv.${conv}.0`;
  const [first, again, last, appended] = await Promise.all([send(newId(), 'first'), send(resent, 'once'), send(newId(), 'last'), log.append(room, new Uint8Array([0, 0]))]);

  expect(first).toMatchObject({ outcome: 'inserted', seq: 2 });
  expect(again).toEqual({ outcome: 'check' });
  expect(last).toMatchObject({ outcome: 'inserted', seq: 3 });
  expect(appended).toBeUndefined();
  expect((await db('messages').where({ conversation_id: conv }).orderBy('seq').select('body')).map((m: { body: string }) => m.body)).toEqual(['once', 'first', 'last']);
  expect(await log.load(room)).toHaveLength(1);
});

it('records a tick’s sends with its appends, and a send that fails fails alone', async () => {
  const { db } = deps;
  const { user, conv } = await member();
  // What no check foresees: the database refuses one message.
  await db.raw(`create function refuse_boom() returns trigger language plpgsql as $$ begin if new.body = 'boom' then raise exception 'refused by the test'; end if; return new; end $$`);
  await db.raw('create trigger refuse_boom before insert on messages for each row execute function refuse_boom()');

  const log = new UpdateLog(db);
  const send = (body: string) => log.recordSend({ id: newId(), convId: conv, authorId: user, body, kind: 'text', at: new Date(), segmentSize: 1000, sentFrom: null });
  const room = `conv.${conv}.0`;
  const [first, boom, last, appended] = await Promise.allSettled([send('first'), send('boom'), send('last'), log.append(room, new Uint8Array([0, 0]))]);

  expect(first).toMatchObject({ status: 'fulfilled', value: { outcome: 'inserted', seq: 1, segment: 0 } });
  expect(boom.status).toBe('rejected');
  expect(String((boom as PromiseRejectedResult).reason)).toContain('refused by the test');
  expect(last).toMatchObject({ status: 'fulfilled', value: { outcome: 'inserted', seq: 2, segment: 0 } });
  expect(appended.status).toBe('fulfilled');
  expect((await db('messages').where({ conversation_id: conv }).orderBy('seq').select('body')).map((m: { body: string }) => m.body)).toEqual(['first', 'last']);
  expect(await log.load(room)).toHaveLength(1);
});
