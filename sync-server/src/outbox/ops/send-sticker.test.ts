import { testDeps } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

/** A pack with one sticker, as the admin routes leave them. */
async function sticker(name: string): Promise<{ id: string; packId: string }> {
  const [packId, id] = [newId(), newId()];
  await deps.db('sticker_packs').insert({ id: packId, name: 'Cats' });
  await deps.db('stickers').insert({ id, pack_id: packId, name, type: 'image/webp', size: 900, width: 320, height: 240, storage_key: `stickers/${id}` });
  return { id, packId };
}

describe('a sticker message', () => {
  it('shows the sticker with its name as the body, whatever text came with it', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, reader] = [await session(server, alice), await segment(server, bob, channel)];
    const { id } = await sticker('waving cat');

    const sent = await act(alices, { op: 'send', convId: channel, body: '@bob https://example.com', sticker: id });
    expect(sent.status).toBe('accepted');
    expect(await shown(reader, sent.id)).toMatchObject({ body: 'waving cat', sticker: { id, name: 'waving cat', width: 320, height: 240, url: `/api/v1/stickers/${id}` } });
    expect((await shown(reader, sent.id)).mentions).toBeUndefined();
    expect((await deps.db('messages').where({ id: sent.id }).first()).sticker_id).toBe(id);
  });

  it('refuses a sticker that is not in the bank or whose pack is turned off, and a sticker with files', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const alices = await session(server, alice);
    expect(await act(alices, { op: 'send', convId: channel, body: '', sticker: newId() })).toMatchObject({ status: 'rejected', reason: 'not_found', detail: 'sticker' });
    const { id, packId } = await sticker('sleepy');
    await deps.db('sticker_packs').where({ id: packId }).update({ enabled: false });
    expect(await act(alices, { op: 'send', convId: channel, body: '', sticker: id })).toMatchObject({ status: 'rejected', reason: 'not_found', detail: 'sticker' });
    await deps.db('sticker_packs').where({ id: packId }).update({ enabled: true });
    expect(await act(alices, { op: 'send', convId: channel, body: '', sticker: id })).toMatchObject({ status: 'accepted' });
    expect(await act(alices, { op: 'send', convId: channel, body: '', sticker: id, attachments: [newId()] })).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    expect(await act(alices, { op: 'send', convId: channel, body: '', sticker: 'not an id' })).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
  });

  it('cannot be edited, keeps its sticker through a reaction, shows its name alone once the pack is deleted, and nothing once the message is', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const [alices, reader] = [await session(server, alice), await segment(server, alice, channel)];
    const [kept, dropped] = [await sticker('kept'), await sticker('dropped')];
    const first = await act(alices, { op: 'send', convId: channel, body: '', sticker: kept.id });
    const second = await act(alices, { op: 'send', convId: channel, body: '', sticker: dropped.id });
    // Its body is the sticker's name, not text of the author's to rewrite.
    expect(await act(alices, { op: 'edit', convId: channel, messageId: first.id, body: 'something else' })).toMatchObject({ status: 'rejected', reason: 'forbidden' });

    await act(alices, { op: 'react', convId: channel, messageId: first.id, emoji: '👍', on: true });
    expect(await shown(reader, first.id, (m) => m.reactions !== undefined)).toMatchObject({ body: 'kept', sticker: { id: kept.id } });

    await deps.db('sticker_packs').where({ id: dropped.packId }).delete();
    await act(alices, { op: 'react', convId: channel, messageId: second.id, emoji: '👍', on: true });
    const orphan = await shown(reader, second.id, (m) => m.reactions !== undefined);
    expect([orphan.body, orphan.sticker]).toEqual(['dropped', undefined]);

    await act(alices, { op: 'delete', convId: channel, messageId: first.id });
    expect((await shown(reader, first.id, (m) => m.deletedAt !== undefined)).sticker).toBeUndefined();
  });
});
