import { DomainEvents } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, type TestUser } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

/** A row as the upload route leaves it: carried by no message yet. */
async function uploaded(convId: string, user: TestUser, name: string): Promise<string> {
  const id = newId();
  await deps.db('attachments').insert({ id, conversation_id: convId, uploader_id: user.id, name, type: 'text/plain', size: 10, storage_key: `attachments/${id}/file` });
  return id;
}

describe('a message whose files went', () => {
  it('is written again without them when the api says it changed (its author deleted their account)', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, bob);
    const [alices, reader] = [await session(server, alice), await segment(server, bob, channel)];
    const [kept, gone] = [await uploaded(channel, bob, 'kept.txt'), await uploaded(channel, alice, 'gone.txt')];
    const bobs = await session(server, bob);
    const withBobs = await act(bobs, { op: 'send', convId: channel, body: 'mine', attachments: [kept] });
    const sent = await act(alices, { op: 'send', convId: channel, body: 'the notes', attachments: [gone] });
    expect((await shown(reader, sent.id)).attachments?.map((file) => file.name)).toEqual(['gone.txt']);

    // What the api does: the rows go, then the message is said to have changed.
    await deps.db('attachments').where({ uploader_id: alice.id }).delete();
    await new DomainEvents(deps.bus).publish({ type: 'message.changed', messageId: sent.id });
    const after = await shown(reader, sent.id, (message) => message.attachments === undefined);
    expect(after.body).toBe('the notes');
    expect((await shown(reader, withBobs.id)).attachments?.map((file) => file.name)).toEqual(['kept.txt']);
  });
});
