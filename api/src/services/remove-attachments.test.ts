import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessages, as, bearer, signUp, startTestApi, type Session, type TestApi } from '../api.testing.js';
import { openBlobStore } from '../storage/index.js';
import { sweepAttachments, UNSENT_KEPT_MS } from './remove-attachments.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
}, 120_000);
afterAll(() => t?.close());

const upload = async (who: Session, convId: string, name: string): Promise<string> => {
  const res = await t.request(`/api/v1/conversations/${convId}/attachments?name=${name}`, { method: 'POST', headers: bearer(who), body: `bytes of ${name}` });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
};

describe('files no message keeps', () => {
  it('go with their deleted message, or a week after an upload no message took; the others stay', async () => {
    const owner = await signUp(t);
    const { id: convId } = (await (await as(t, owner)('POST', '/api/v1/channels', { name: `sweep-${owner.user.id.slice(-6)}`, access: 'public' })).json()) as { id: string };
    const [kept, deleted, young, old] = [await upload(owner, convId, 'kept.txt'), await upload(owner, convId, 'deleted.txt'), await upload(owner, convId, 'young.txt'), await upload(owner, convId, 'old.txt')];
    const [live, gone] = await addMessages(t, convId, owner.user.id, ['kept', 'deleted']);
    await t.deps.db('attachments').where({ id: kept }).update({ message_id: live!.id, position: 0 });
    await t.deps.db('attachments').where({ id: deleted }).update({ message_id: gone!.id, position: 0 });
    await t.deps.db('messages').where({ id: gone!.id }).update({ deleted_at: new Date() });
    await t.deps.db('attachments').where({ id: old }).update({ created_at: new Date(Date.now() - UNSENT_KEPT_MS - 60_000) });
    const store = openBlobStore(t.deps.config);
    const keyOf = async (id: string) => ((await t.deps.db('attachments').where({ id }).first()) as { storage_key: string }).storage_key;
    const [deletedKey, oldKey] = [await keyOf(deleted), await keyOf(old)];

    await sweepAttachments(t.deps.db, store);
    expect((await t.deps.db('attachments').whereIn('id', [kept, deleted, young, old]).pluck('id')).sort()).toEqual([kept, young].sort());
    expect(await store.stat(deletedKey)).toBeUndefined();
    expect(await store.stat(oldKey)).toBeUndefined();
    const read = (id: string) => t.request(`/api/v1/attachments/${id}`, { headers: bearer(owner) });
    expect((await read(kept)).status).toBe(200);
    expect((await read(young)).status).toBe(200);
    expect((await read(deleted)).status).toBe(404);
  });

  it('keep a week-old upload that a send takes while the sweep is deciding', async () => {
    const owner = await signUp(t);
    const { id: convId } = (await (await as(t, owner)('POST', '/api/v1/channels', { name: `taken-${owner.user.id.slice(-6)}`, access: 'public' })).json()) as { id: string };
    const late = await upload(owner, convId, 'late.txt');
    await t.deps.db('attachments').where({ id: late }).update({ created_at: new Date(Date.now() - UNSENT_KEPT_MS - 60_000) });
    const [message] = await addMessages(t, convId, owner.user.id, ['at last']);
    const store = openBlobStore(t.deps.config);

    // The send holds the file's row while the sweep, which chose it as unsent, waits to delete it.
    const send = await t.deps.db.transaction();
    await send('attachments').where({ id: late }).update({ message_id: message!.id, position: 0 });
    const sweeping = sweepAttachments(t.deps.db, store);
    // On PostgreSQL the sweep's delete is seen waiting for the row (the embedded database runs one statement at a time).
    if (t.deps.config.databaseUrl) {
      const waiting = async () => ((await t.deps.db.raw("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'delete from \"attachments\"%'")).rows[0] as { n: number }).n;
      await expect.poll(waiting, { timeout: 10_000 }).toBeGreaterThan(0);
    }
    await send.commit();
    await sweeping;

    expect(await t.deps.db('attachments').where({ id: late }).first()).toMatchObject({ message_id: message!.id });
    expect((await t.request(`/api/v1/attachments/${late}`, { headers: bearer(owner) })).status).toBe(200);
  }, 60_000);
});
