import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, ConversationMember } from '@volley/core';
import { addMessages, as, signUp, startTestApi, type TestApi } from '../api.testing.js';
import { conversationViews } from './views.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
}, 120_000);
afterAll(() => t?.close());

describe("a conversation's last message as its members see it", () => {
  it('says that it was deleted, without its text; a message of files only is not deleted', async () => {
    const owner = await signUp(t);
    const channel = async (name: string): Promise<string> => {
      const res = await as(t, owner)('POST', '/api/v1/channels', { name: `${name}-${owner.user.id.slice(-6)}`, access: 'public' });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const [gone, files, plain] = [await channel('gone'), await channel('files'), await channel('plain')];
    const [, deleted] = await addMessages(t, gone, owner.user.id, ['kept', '**secret** words']);
    await t.deps.db('messages').where({ id: deleted!.id }).update({ deleted_at: new Date() });
    await addMessages(t, files, owner.user.id, ['']);
    await addMessages(t, plain, owner.user.id, ['**hello**']);
    await Conversation.query(t.deps.db).findById(gone).patch({ lastSeq: 2 });
    await Conversation.query(t.deps.db).whereIn('id', [files, plain]).patch({ lastSeq: 1 });

    const ids = [gone, files, plain];
    const conversations = await Conversation.query(t.deps.db).findByIds(ids);
    const members = await ConversationMember.query(t.deps.db).whereIn('conversation_id', ids).where('user_id', owner.user.id);
    const views = await conversationViews(
      t.deps.db,
      owner.user.id,
      conversations.map((conversation) => ({ conversation, member: members.find((m) => m.conversationId === conversation.id) })),
    );
    const last = (id: string) => views.find((v) => v.id === id)?.lastMessage;
    const by = { author: owner.user.id, authorName: owner.user.username };
    expect(last(gone)).toEqual({ id: deleted!.id, preview: '', at: deleted!.createdAt.toISOString(), ...by, deleted: true });
    expect(last(files)).toMatchObject({ preview: '', ...by, deleted: false });
    expect(last(plain)).toMatchObject({ preview: 'hello', ...by, deleted: false });
  });
});
