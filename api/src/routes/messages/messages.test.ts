import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '@volley/core';
import { Conversation, ErrorBody, HistoryPage, PinList } from '@volley/shared';
import { addMessages, as, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const history = async (session: Session, convId: string, query = '') => {
  const res = await as(t, session)('GET', `/api/v1/conversations/${convId}/messages${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return HistoryPage.parse(await res.json());
};

async function channel(owner: Session, access: 'public' | 'private' = 'public'): Promise<string> {
  const res = await as(t, owner)('POST', '/api/v1/channels', { name: `history-${randomBytes(4).toString('hex')}`, access });
  return Conversation.parse(await res.json()).id;
}

describe('GET /api/v1/conversations/:id/messages', () => {
  it('pages from the newest message back, each nextCursor being the next page’s `before`', async () => {
    const alice = await signUp(t);
    const convId = await channel(alice);
    await addMessages(t, convId, alice.user.id, ['one', 'two', 'three', 'four', 'five']);

    const seqs: number[][] = [];
    let before: string | null = '';
    while (before !== null) {
      const page: HistoryPage = await history(alice, convId, `?limit=2${before ? `&before=${before}` : ''}`);
      seqs.push(page.items.map((m) => m.seq));
      before = page.nextCursor;
    }
    expect(seqs).toEqual([[5, 4], [3, 2], [1]]);
    const [newest] = (await history(alice, convId, '?limit=1')).items;
    expect(newest).toMatchObject({ body: 'five', author: alice.user.id, authorName: alice.user.username, segment: 0, editedAt: null, deletedAt: null });
  });

  it('keeps a deleted message in its place without its text, and an edited one marked', async () => {
    const alice = await signUp(t);
    const convId = await channel(alice);
    const [kept, gone] = await addMessages(t, convId, alice.user.id, ['edited later', 'deleted later']);
    const at = new Date();
    await Message.query(t.deps.db).findById(kept!.id).patch({ body: 'edited', editedAt: at });
    await Message.query(t.deps.db).findById(gone!.id).patch({ deletedAt: at });

    const { items } = await history(alice, convId);
    expect(items.map((m) => [m.body, m.editedAt, m.deletedAt])).toEqual([
      ['', null, at.toISOString()],
      ['edited', at.toISOString(), null],
    ]);
  });

  it('lists messages by users the reader blocked, as the conversation’s document does', async () => {
    const [alice, bob] = [await signUp(t), await signUp(t)];
    const convId = await channel(alice);
    await as(t, bob)('POST', `/api/v1/conversations/${convId}/join`, {});
    await addMessages(t, convId, bob.user.id, ['from bob']);
    await as(t, alice)('PUT', `/api/v1/blocks/${bob.user.id}`);
    expect((await history(alice, convId)).items.map((m) => m.body)).toEqual(['from bob']);
  });

  it('is for members: 403 in a channel one is not in, 404 for someone else’s DM', async () => {
    const [alice, bob, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const dm = Conversation.parse(await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json()).id;
    for (const access of ['public', 'private'] as const) {
      const res = await as(t, eve)('GET', `/api/v1/conversations/${await channel(alice, access)}/messages`);
      expect([res.status, ErrorBody.parse(await res.json()).error.code]).toEqual([403, 'forbidden']);
    }
    const res = await as(t, eve)('GET', `/api/v1/conversations/${dm}/messages`);
    expect([res.status, ErrorBody.parse(await res.json()).error.code]).toEqual([404, 'not_found']);
    expect((await history(bob, dm)).items).toEqual([]);
  });
});

describe('GET /api/v1/conversations/:id/pins', () => {
  it('lists what was pinned, the latest pin first, without deleted messages; for members only', async () => {
    const [alice, eve] = [await signUp(t), await signUp(t)];
    const convId = await channel(alice);
    const [first, second, gone, plain] = await addMessages(t, convId, alice.user.id, ['first', 'second', 'gone', 'plain']);
    const pin = (id: string, at: string) => Message.query(t.deps.db).findById(id).patch({ pinnedAt: new Date(at), pinnedBy: alice.user.id });
    await pin(first!.id, '2030-01-01T10:00:00Z');
    await pin(second!.id, '2030-01-01T11:00:00Z');
    await pin(gone!.id, '2030-01-01T12:00:00Z');
    await Message.query(t.deps.db).findById(gone!.id).patch({ deletedAt: new Date() });

    const res = await as(t, alice)('GET', `/api/v1/conversations/${convId}/pins`);
    expect(res.status).toBe(200);
    const { items } = PinList.parse(await res.json());
    expect(items.map((m) => [m.body, m.pinnedAt, m.pinnedBy])).toEqual([
      ['second', '2030-01-01T11:00:00.000Z', alice.user.id],
      ['first', '2030-01-01T10:00:00.000Z', alice.user.id],
    ]);
    expect(items.map((m) => m.id)).not.toContain(plain!.id);

    const refused = await as(t, eve)('GET', `/api/v1/conversations/${convId}/pins`);
    expect([refused.status, ErrorBody.parse(await refused.json()).error.code]).toEqual([403, 'forbidden']);
  });
});
