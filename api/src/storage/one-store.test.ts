/**
 * The api opens its store of files once, for every route and task: deleting accounts, each with a
 * file in the bucket, goes on over the connection the api already has, rather than a client (and
 * its sockets) per deletion left open behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, bearer, signUp, startTestApi, type Session, type TestApi } from '../api.testing.js';
import { startS3 } from './storage.testing.js';

let s3: Awaited<ReturnType<typeof startS3>>;
let t: TestApi;
beforeAll(async () => {
  s3 = await startS3();
  t = await startTestApi(s3.env);
}, 120_000);
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

const upload = async (who: Session, convId: string): Promise<string> => {
  const res = await t.request(`/api/v1/conversations/${convId}/attachments?name=notes.txt`, { method: 'POST', headers: bearer(who), body: `notes of ${who.user.username}` });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

describe('the store of files', () => {
  it('is one for the whole api: deleting accounts opens no new connection to the bucket', async () => {
    const owner = await signUp(t);
    const { id: convId } = (await (await as(t, owner)('POST', '/api/v1/channels', { name: `files-${owner.user.id.slice(-6)}`, access: 'public' })).json()) as { id: string };
    const people = [await signUp(t), await signUp(t), await signUp(t)];
    for (const who of people) expect((await as(t, who)('POST', `/api/v1/conversations/${convId}/join`, {})).status).toBeLessThan(300);
    const files = [];
    for (const who of people) files.push(await upload(who, convId));
    const opened = s3.connections();
    expect(opened).toBeGreaterThan(0);

    for (const who of people) expect((await as(t, who)('DELETE', '/api/v1/me', { password: who.password })).status).toBe(204);
    for (const id of files) expect((await t.request(`/api/v1/attachments/${id}`, { headers: bearer(owner) })).status).toBe(404);
    expect(await t.deps.db('attachments').whereIn('id', files).pluck('id')).toEqual([]);
    expect(s3.connections()).toBe(opened);
  }, 120_000);
});
