import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, ConversationMember, Message, Tournament } from '@volley/core';
import { ConversationList, DEFAULT_GAME_SETTINGS, ErrorBody, newId, SYSTEM_AUTHOR } from '@volley/shared';
import { bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const list = async (session: Session, query = '') => {
  const res = await t.request(`/api/v1/conversations${query}`, { headers: bearer(session) });
  expect(res.status).toBe(200);
  return ConversationList.parse(await res.json());
};

async function addChannel(name: string, memberIds: string[]): Promise<string> {
  const id = newId();
  await Conversation.query(t.deps.db).insert({ id, kind: 'channel', name });
  for (const userId of memberIds) await ConversationMember.query(t.deps.db).insert({ conversationId: id, userId, role: 'member' });
  return id;
}

describe('GET /api/v1/conversations', () => {
  it('shows a new user the world conversation, #general', async () => {
    const page = await list(await signUp(t));
    expect(page.nextCursor).toBeNull();
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ kind: 'world', name: 'general', headSegment: 0, lastSeq: 0 });
  });

  it('pages through the user’s conversations only, in id order, without gaps or repeats', async () => {
    const session = await signUp(t);
    const other = await signUp(t);
    const mine = [];
    for (const name of ['a', 'b', 'c', 'd']) mine.push(await addChannel(name, [session.user.id]));
    await addChannel('not mine', [other.user.id]);

    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: ConversationList = await list(session, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    }
    const world = (await list(session)).items.find((c) => c.kind === 'world')!.id;
    expect(seen).toEqual([world, ...mine].sort());
  });

  it('gives each conversation its last message, what an app that was away reads on its return', async () => {
    const session = await signUp(t);
    const quiet = await addChannel('quiet', [session.user.id]);
    const busy = await addChannel('busy', [session.user.id]);
    const at = new Date('2026-03-01T12:00:00Z');
    for (const [seq, body] of [[1, 'first'], [2, 'y'.repeat(150)]] as const) {
      await Message.query(t.deps.db).insert({ id: newId(), conversationId: busy, seq, segment: 0, authorId: session.user.id, body, createdAt: at });
    }
    await Conversation.query(t.deps.db).findById(busy).patch({ lastSeq: 2 });

    const items = (await list(session)).items;
    expect(items.find((c) => c.id === quiet)).toMatchObject({ lastSeq: 0, lastMessage: null });
    expect(items.find((c) => c.id === busy)).toMatchObject({ lastSeq: 2, lastMessage: { preview: 'y'.repeat(100), at: at.toISOString(), author: session.user.id, authorName: session.user.username } });
  });

  it("names a tournament's system lines, which an unread count leaves out", async () => {
    const session = await signUp(t);
    const convId = await addChannel('cup', [session.user.id]);
    const tournament = await Tournament.query(t.deps.db).insert({ id: newId(), name: 'cup', ownerId: session.user.id, format: 'single_elimination', size: 4, settings: DEFAULT_GAME_SETTINGS, noShowMs: 120_000, status: 'running', conversationId: convId }).returning('*');
    const lines = [
      { seq: 1, body: 'cup starts with 4 players.', kind: 'system' as const },
      { seq: 2, body: 'good luck all', kind: 'text' as const },
      { seq: 3, body: 'Round 1: a vs b, c vs d.', kind: 'system' as const },
    ];
    for (const { seq, body, kind } of lines) {
      const id = newId();
      await Message.query(t.deps.db).insert({ id, conversationId: convId, seq, segment: 0, authorId: session.user.id, body, kind });
      if (kind === 'system') await t.deps.db('tournament_posts').insert({ id, tournament_id: tournament.id, body, posted_at: new Date() });
    }
    await Conversation.query(t.deps.db).findById(convId).patch({ lastSeq: 3 });

    const cup = (await list(session)).items.find((c) => c.id === convId);
    expect(cup).toMatchObject({ lastSeq: 3, systemSeqs: [1, 3], lastMessage: { author: SYSTEM_AUTHOR, authorName: '' } });
    const other = (await list(session)).items.find((c) => c.kind === 'world');
    expect(other?.systemSeqs).toEqual([]);
  });

  it('refuses a cursor it did not make', async () => {
    const session = await signUp(t);
    const res = await t.request('/api/v1/conversations?cursor=bm90LWFuLWlk', { headers: bearer(session) });
    expect(res.status).toBe(400);
    const body = ErrorBody.parse(await res.json());
    expect(body.error).toMatchObject({ code: 'validation_failed', fields: { cursor: ['cursor_format'] } });
  });
});
