import { isTombstoneUsername } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { addInvitation, addMessages, as, bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';
import { openBlobStore } from '../../storage/index.js';

let t: TestApi;

beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

/** Ann and Bob, friends, with a DM in which each wrote; Ann blocked Carl and owns a bot and a channel Bob is in. */
async function scene() {
  const [ann, bob, carl] = [await signUp(t), await signUp(t), await signUp(t)];
  const request = (await (await as(t, ann)('POST', '/api/v1/friends/requests', { userId: bob.user.id })).json()) as { id: string };
  expect((await as(t, bob)('POST', `/api/v1/friends/requests/${request.id}/accept`)).status).toBeLessThan(300);
  expect((await as(t, ann)('PUT', `/api/v1/blocks/${carl.user.id}`)).status).toBe(204);
  const dm = (await (await as(t, ann)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json()) as { id: string };
  const [hello] = await addMessages(t, dm.id, ann.user.id, ['hello bob']);
  // Ann's photo of the plan, carried by her message as the sync server records a send.
  const file = (await (await t.request(`/api/v1/conversations/${dm.id}/attachments?name=plan.txt`, { method: 'POST', headers: bearer(ann), body: 'the plan' })).json()) as { id: string };
  await t.deps.db('attachments').where({ id: file.id }).update({ message_id: hello!.id, position: 0 });
  await addMessages(t, dm.id, bob.user.id, ['hi ann']);
  const channel = (await (await as(t, ann)('POST', '/api/v1/channels', { name: `club-${ann.user.id.slice(-6)}`, access: 'public' })).json()) as { id: string };
  expect((await as(t, bob)('POST', `/api/v1/conversations/${channel.id}/join`, {})).status).toBeLessThan(300);
  const bot = (await (await as(t, ann)('POST', '/api/v1/bots', { username: `bot_${ann.user.id.slice(-8)}` })).json()) as { id: string };
  return { ann, bob, carl, dm, channel, bot, file, hello: hello! };
}

const history = async (s: Session, convId: string) =>
  ((await (await as(t, s)('GET', `/api/v1/conversations/${convId}/messages`)).json()) as { items: { body: string; author: string; authorName: string }[] }).items;

/** Each entry of a zip archive, by its path. */
async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.fromBuffer(bytes, { lazyEntries: false }, (err, file) => (err ? reject(err) : resolve(file))));
  const entries = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, async (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        entries.set(entry.fileName, Buffer.concat(chunks));
        if (entries.size === zip.entryCount) resolve();
      });
    });
    zip.on('error', reject);
  });
  return entries;
}

describe('export and deletion', () => {
  it('exports the profile, friends, blocks, my messages, games and files, their bytes included, as a zip archive', async () => {
    const { ann, bob, carl, dm, file, hello } = await scene();
    const game = await addInvitation(t, ann, bob);
    const res = await as(t, ann)('GET', '/api/v1/me/export');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="volley-export.zip"');
    const archive = await unzip(Buffer.from(await res.arrayBuffer()));
    expect([...archive.keys()].sort()).toEqual(['export.json', `files/${file.id}/plan.txt`]);
    expect(archive.get(`files/${file.id}/plan.txt`)?.toString()).toBe('the plan');
    const data = JSON.parse(archive.get('export.json')!.toString()) as { profile: unknown; friends: { id: string }[]; blocks: { id: string }[]; messages: unknown; files: unknown; games: unknown };
    expect(data.files).toEqual([
      { id: file.id, name: 'plan.txt', type: 'text/plain', size: 8, conversationId: dm.id, messageId: hello.id, createdAt: expect.any(String), download: `/api/v1/attachments/${file.id}`, path: `files/${file.id}/plan.txt` },
    ]);
    expect(data.profile).toMatchObject({ id: ann.user.id, username: ann.user.username, email: ann.email, twoFactor: false });
    expect(data.friends.map((f) => f.id)).toEqual([bob.user.id]);
    expect(data.blocks.map((b) => b.id)).toEqual([carl.user.id]);
    expect(data.messages).toEqual(expect.arrayContaining([expect.objectContaining({ conversationId: dm.id, body: 'hello bob', createdAt: expect.any(String) })]));
    expect(data.games).toEqual([expect.objectContaining({ id: game.id, status: 'invited', leftId: ann.user.id, rightId: bob.user.id })]);
    expect(JSON.stringify(data)).not.toContain('hi ann');
  });

  it('deletes the account, keeping its messages in shared conversations under "deleted user", and its files nowhere', async () => {
    const { ann, bob, dm, channel, bot, file } = await scene();
    const key = ((await t.deps.db('attachments').where({ id: file.id }).first()) as { storage_key: string }).storage_key;
    expect((await as(t, ann)('DELETE', '/api/v1/me', { password: 'wrong password' })).status).toBe(403);
    const res = await as(t, ann)('DELETE', '/api/v1/me', { password: ann.password });
    expect(res.status).toBe(204);

    // Bob still reads the DM; Ann's message is there, under a tombstone (the PWA says "deleted user").
    const kept = (await history(bob, dm.id)).find((m) => m.body === 'hello bob')!;
    expect(isTombstoneUsername(kept.authorName)).toBe(true);
    const profile = (await (await as(t, bob)('GET', `/api/v1/users/${ann.user.id}`)).json()) as { displayName: string; avatarUrl: string | null };
    expect(profile).toMatchObject({ displayName: 'deleted user', avatarUrl: null });
    // Ann's file is gone, bytes and all.
    expect((await t.request(`/api/v1/attachments/${file.id}`, { headers: bearer(bob) })).status).toBe(404);
    expect(await t.deps.db('attachments').where({ id: file.id }).first()).toBeUndefined();
    expect(await openBlobStore(t.deps.config).stat(key)).toBeUndefined();
    // The friendship is gone, the channel passed to Bob, the username is free again.
    expect(((await (await as(t, bob)('GET', '/api/v1/friends')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await t.deps.db('conversations').where({ id: channel.id }).first()).owner_id).toBe(bob.user.id);
    expect((await t.deps.db('users').where({ id: bot.id }).first()).deleted_at).not.toBeNull();
    // Signed out everywhere, and signing in again fails.
    await expect.poll(async () => (await as(t, ann)('GET', '/api/v1/me')).status).toBe(401);
    expect((await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: ann.cookie } })).status).toBe(401);
    expect((await t.post('/api/v1/auth/login', { login: ann.email, password: ann.password })).status).toBe(401);
    expect((await t.post('/api/v1/auth/register', { username: ann.user.username, email: ann.email, password: 'a fresh start here' })).status).toBe(201);
    // Nobody takes the tombstone's name.
    expect((await t.post('/api/v1/auth/register', { username: kept.authorName, email: 'x@example.com', password: 'a fresh start here' })).status).toBe(400);
  });
});
