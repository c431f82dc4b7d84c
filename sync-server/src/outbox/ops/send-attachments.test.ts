import { testDeps } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, type TestUser } from '../../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

/** A row as the upload route leaves it: the file in the store, carried by no message yet. */
async function uploaded(convId: string, user: TestUser, name = 'photo.png', image = true): Promise<string> {
  const id = newId();
  await deps.db('attachments').insert({
    id,
    conversation_id: convId,
    uploader_id: user.id,
    name,
    type: image ? 'image/png' : 'application/pdf',
    size: 1234,
    width: image ? 640 : null,
    height: image ? 480 : null,
    storage_key: `attachments/${id}/file`,
    thumbnail_key: image ? `attachments/${id}/thumbnail` : null,
    thumbnail_size: image ? 100 : null,
  });
  return id;
}

const carrier = async (id: string) => ((await deps.db('attachments').where({ id }).first()) as { message_id: string | null }).message_id;

describe('a send carrying attachments', () => {
  it('shows the files in the author’s order, with or without a caption, and records which message carries them', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, reader] = [await session(server, alice), await segment(server, bob, channel)];
    const [pdf, photo] = [await uploaded(channel, alice, 'report.pdf', false), await uploaded(channel, alice)];

    const sent = await act(alices, { op: 'send', convId: channel, body: 'the report and a photo', attachments: [pdf, photo] });
    expect(sent.status).toBe('accepted');
    const message = await shown(reader, sent.id);
    expect(message.attachments).toEqual([
      { id: pdf, name: 'report.pdf', type: 'application/pdf', size: 1234 },
      { id: photo, name: 'photo.png', type: 'image/png', size: 1234, width: 640, height: 480, thumbnail: `/api/v1/attachments/${photo}/thumbnail` },
    ]);
    expect([await carrier(pdf), await carrier(photo)]).toEqual([sent.id, sent.id]);

    const bare = await uploaded(channel, alice);
    const uncaptioned = await act(alices, { op: 'send', convId: channel, body: '  ', attachments: [bare] });
    expect(await shown(reader, uncaptioned.id)).toMatchObject({ body: '', attachments: [{ id: bare }] });
    expect(await act(alices, { op: 'send', convId: channel, body: '  ' })).toMatchObject({ status: 'rejected', reason: 'empty' });
  });

  it('refuses a file of someone else, of another conversation, unknown or already sent, keeping the text and leaving the files free', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const [channel, other] = [await createChannel(deps, alice, bob), await createChannel(deps, alice, bob)];
    const alices = await session(server, alice);
    const [bobs, elsewhere, mine] = [await uploaded(channel, bob), await uploaded(other, alice), await uploaded(channel, alice)];
    for (const foreign of [bobs, elsewhere, newId()]) {
      const refused = await act(alices, { op: 'send', convId: channel, body: 'look', attachments: [mine, foreign] });
      expect(refused).toMatchObject({ status: 'rejected', reason: 'attachment_unavailable', detail: foreign, body: 'look' });
    }
    expect(await carrier(mine)).toBeNull();

    const first = await act(alices, { op: 'send', convId: channel, body: 'once', attachments: [mine] });
    expect(first.status).toBe('accepted');
    expect(await act(alices, { op: 'send', convId: channel, body: 'twice', attachments: [mine] })).toMatchObject({ status: 'rejected', reason: 'attachment_unavailable', detail: mine });
    expect(await act(alices, { op: 'send', convId: channel, body: 'twice', attachments: [mine, mine] })).toMatchObject({ status: 'rejected', reason: 'invalid_op' });
    expect(await carrier(mine)).toBe(first.id);
  });

  it('stops showing the files of a deleted message, and keeps them through an edit', async () => {
    const server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const [alices, reader] = [await session(server, alice), await segment(server, alice, channel)];
    const photo = await uploaded(channel, alice);
    const sent = await act(alices, { op: 'send', convId: channel, body: 'before', attachments: [photo] });
    await act(alices, { op: 'edit', convId: channel, messageId: sent.id, body: 'after' });
    expect(await shown(reader, sent.id, (m) => m.body === 'after')).toMatchObject({ attachments: [{ id: photo }] });
    await act(alices, { op: 'delete', convId: channel, messageId: sent.id });
    expect((await shown(reader, sent.id, (m) => m.deletedAt !== undefined)).attachments).toBeUndefined();
  });
});
