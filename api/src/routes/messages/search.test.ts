import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Message } from '@volley/core';
import { Conversation, ErrorBody, SearchPage } from '@volley/shared';
import { addMessages, as, bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const search = async (session: Session, query: string) => {
  const res = await as(t, session)('GET', `/api/v1/search?${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return SearchPage.parse(await res.json());
};
const bodies = async (session: Session, q: string) => (await search(session, `q=${encodeURIComponent(q)}`)).items.map((hit) => hit.message.body);

/** A public channel of `owner` with these members in it. */
async function channel(owner: Session, ...members: Session[]): Promise<string> {
  const { id } = Conversation.parse(await (await as(t, owner)('POST', '/api/v1/channels', { name: `search-${randomBytes(4).toString('hex')}`, access: 'public' })).json());
  for (const member of members) expect((await as(t, member)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBe(200);
  return id;
}

describe('GET /api/v1/search', () => {
  it('finds English and French words by their stems, and marks them', async () => {
    const alice = await signUp(t);
    const convId = await channel(alice);
    await addMessages(t, convId, alice.user.id, ['I will run tomorrow', 'le chat dort', 'nous parlerons du <b>chat</b> demain', 'nothing to see']);

    expect(await bodies(alice, 'running')).toEqual(['I will run tomorrow']);
    expect((await bodies(alice, 'chats')).sort()).toEqual(['le chat dort', 'nous parlerons du <b>chat</b> demain']);
    const [hit] = (await search(alice, 'q=parler')).items;
    expect(hit).toMatchObject({ highlight: 'nous «parlerons» du <b>chat</b> demain', conversation: { id: convId, name: expect.stringMatching(/^search-/), kind: 'channel' } });
    expect(hit!.message).toMatchObject({ seq: 3, segment: 0, authorName: alice.user.username });
    expect(await bodies(alice, '"run tomorrow" -chat')).toEqual(['I will run tomorrow']);
  });

  it('takes any text as a query: operators, quotes and stop words alone find nothing rather than fail', async () => {
    const alice = await signUp(t);
    await addMessages(t, await channel(alice), alice.user.id, ['nothing matches this']);
    for (const q of ['"unclosed', '!!! & |', "' or 1=1 --", '<script>', 'the']) expect(await bodies(alice, q)).toEqual([]);
  });

  it('ranks the better match first, then the newest, and pages without gaps or repeats', async () => {
    const alice = await signUp(t);
    const convId = await channel(alice);
    await addMessages(t, convId, alice.user.id, ['volley one', 'volley two', 'volley volley volley three', 'volley four', 'volley five']);
    const pages: string[][] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: SearchPage = await search(alice, `q=volley&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      pages.push(page.items.map((hit) => hit.message.body));
      cursor = page.nextCursor;
    }
    expect(pages).toEqual([['volley volley volley three', 'volley five'], ['volley four', 'volley two'], ['volley one']]);
  });

  it('searches what the reader may read now: not channels they are not in or were banned from, nor deleted messages', async () => {
    const [alice, bob, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const shared = await channel(alice, bob);
    const elsewhere = await channel(eve);
    const [, deleted] = await addMessages(t, shared, alice.user.id, ['tennis in the shared channel', 'tennis deleted']);
    await addMessages(t, elsewhere, eve.user.id, ['tennis elsewhere']);
    await Message.query(t.deps.db).findById(deleted!.id).patch({ deletedAt: new Date() });

    expect(await bodies(bob, 'tennis')).toEqual(['tennis in the shared channel']);
    expect((await as(t, alice)('POST', `/api/v1/conversations/${shared}/ban`, { userId: bob.user.id })).status).toBe(204);
    expect(await bodies(bob, 'tennis')).toEqual([]);
  });

  it('leaves out the messages of users blocked either way, in channels and DMs', async () => {
    const [alice, bob, carol] = [await signUp(t), await signUp(t), await signUp(t)];
    const convId = await channel(alice, bob, carol);
    await addMessages(t, convId, bob.user.id, ['squash from bob']);
    await addMessages(t, convId, carol.user.id, ['squash from carol']);
    const dm = Conversation.parse(await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json());
    await addMessages(t, dm.id, bob.user.id, ['squash in a DM']);
    await addMessages(t, dm.id, alice.user.id, ['my own squash']);

    const dmHit = (await search(alice, 'q=squash')).items.find((hit) => hit.conversation.id === dm.id);
    expect(dmHit?.conversation).toEqual({ id: dm.id, kind: 'dm', name: bob.user.displayName });
    expect((await as(t, alice)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect((await as(t, carol)('PUT', `/api/v1/blocks/${alice.user.id}`)).status).toBe(204);
    expect(await bodies(alice, 'squash')).toEqual(['my own squash']);
    // Bob, blocked by Alice, no longer finds hers.
    expect((await bodies(bob, 'squash')).sort()).toEqual(['squash from bob', 'squash from carol', 'squash in a DM']);
  });

  it('finds a message by the name of a file it carries, marking the name, for those who may read the message only', async () => {
    const [alice, bob, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const shared = await channel(alice, bob);
    /** A file uploaded by `who` and carried by `message`, as the sync server records a send naming it. */
    const attach = async (who: Session, convId: string, message: { id: string }, name: string) => {
      const res = await t.request(`/api/v1/conversations/${convId}/attachments?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { ...bearer(who), 'Content-Type': 'application/octet-stream' },
        body: `the bytes of ${name}`,
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await t.deps.db('attachments').where({ id }).update({ message_id: message.id, position: 0 });
    };
    const [caption, bare, deleted] = await addMessages(t, shared, alice.user.id, ['the quarterly numbers', '', 'gone']);
    await attach(alice, shared, caption!, 'Budget_2027.txt');
    await attach(alice, shared, bare!, 'budget-draft.txt');
    await attach(alice, shared, deleted!, 'budget-old.txt');
    await Message.query(t.deps.db).findById(deleted!.id).patch({ deletedAt: new Date() });
    const elsewhere = await channel(eve);
    const [hers] = await addMessages(t, elsewhere, eve.user.id, ['mine']);
    await attach(eve, elsewhere, hers!, 'budget-eve.txt');

    const hits = (await search(bob, 'q=BUDGET')).items;
    expect(hits.map((hit) => [hit.message.id, hit.highlight]).sort()).toEqual(
      [
        [caption!.id, 'the quarterly numbers «Budget»_2027.txt'],
        [bare!.id, '«budget»-draft.txt'],
      ].sort(),
    );
    expect((await search(bob, 'q=_2027')).items.map((hit) => hit.message.id)).toEqual([caption!.id]);
    expect((await search(bob, 'q=draft')).items.map((hit) => hit.message.id)).toEqual([bare!.id]);
    // Found by its words as before; a name that does not match adds nothing.
    expect((await search(bob, 'q=quarterly')).items.map((hit) => hit.highlight)).toEqual(['the «quarterly» numbers']);
    expect(await bodies(bob, '%')).toEqual([]);

    expect((await as(t, alice)('POST', `/api/v1/conversations/${shared}/ban`, { userId: bob.user.id })).status).toBe(204);
    expect(await bodies(bob, 'budget')).toEqual([]);
  });

  it('narrows to one conversation the reader is in: 403 for another channel, 404 for someone else’s DM', async () => {
    const [alice, bob, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const [first, second] = [await channel(alice), await channel(alice)];
    await addMessages(t, first, alice.user.id, ['golf here']);
    await addMessages(t, second, alice.user.id, ['golf there']);
    const dm = Conversation.parse(await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json()).id;

    expect((await search(alice, `q=golf&convId=${second}`)).items.map((hit) => hit.message.body)).toEqual(['golf there']);
    for (const [convId, status, code] of [[first, 403, 'forbidden'], [dm, 404, 'not_found']] as const) {
      const res = await as(t, eve)('GET', `/api/v1/search?q=golf&convId=${convId}`);
      expect([res.status, ErrorBody.parse(await res.json()).error.code]).toEqual([status, code]);
    }
  });
});
