import { ConversationMember, Message as MessageRow } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ConvDoc, newId, notificationsOf, withChunk, type StreamChunk } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { act, createChannel, createUser, disposeAll, segment, session, shown, startSyncServer, waitFor, type RunningSync, type TestUser } from '../sync-server.testing.js';

/** What a reader makes of the chunks it sees in the author's awareness state, as the client library does. */
function watchStream(reader: WebsocketProvider, authorId: string): { text: () => string | undefined; chunks: StreamChunk[] } {
  const chunks: StreamChunk[] = [];
  let text: string | undefined;
  reader.awareness.on('change', () => {
    for (const state of reader.awareness.getStates().values()) {
      const chunk = (state as { user?: { id: string }; stream?: StreamChunk }).stream;
      if ((state as { user?: { id: string } }).user?.id !== authorId || !chunk || chunks.at(-1)?.from === chunk.from) continue;
      chunks.push(chunk);
      text = withChunk(text ?? '', chunk);
    }
  });
  return { text: () => text, chunks };
}

const deps = await testDeps({ afterEach: disposeAll });

describe('streamed messages: live while they grow, one message at the end', () => {
  let server: RunningSync;
  let alice: TestUser;
  let bob: TestUser;
  let channel: string;

  async function setUp(): Promise<void> {
    server = await startSyncServer(deps, { evictAfterMs: 50, streamIdleMs: 500 });
    [alice, bob] = [await createUser(deps), await createUser(deps)];
    channel = await createChannel(deps, alice, bob);
  }

  it('shows the chunks to every member watching, then the final text once, never edited, mentioning once', async () => {
    await setUp();
    const [writer, reader, bobs] = [await segment(server, alice, channel), await segment(server, bob, channel), await session(server, bob)];
    const watched = watchStream(reader, alice.id);
    const id = newId();

    writer.awareness.setLocalStateField('stream', { id, from: 0, text: 'Hello, ' });
    await waitFor(() => watched.text() === 'Hello, ');
    writer.awareness.setLocalStateField('stream', { id, from: 7, text: `@${bob.username}, half` });
    await waitFor(() => watched.text() === `Hello, @${bob.username}, half`);
    // While it grows it is no message, and nobody is notified.
    expect(ConvDoc.messages(reader.doc).length).toBe(0);
    expect(notificationsOf(bobs.doc).size).toBe(0);

    const final = `Hello, @${bob.username}, here is the whole answer.`;
    expect(await act(await session(server, alice), { op: 'send', convId: channel, body: final }, id)).toMatchObject({ status: 'accepted', seq: 1 });
    writer.awareness.setLocalStateField('stream', null);
    const message = await shown(reader, id);
    expect(message).toMatchObject({ id, body: final, author: alice.id, mentions: [bob.id] });
    expect(message.editedAt).toBeUndefined();
    expect(message.incomplete).toBeUndefined();
    const mentions = await waitFor(() => notificationsOf(bobs.doc).size > 0 && [...notificationsOf(bobs.doc).values()]);
    expect(mentions).toHaveLength(1);
    expect(await MessageRow.query(deps.db).findById(id)).toMatchObject({ body: final, editedAt: null, incomplete: false });
  });

  it('relays no chunk of a member who may not send there (muted)', async () => {
    await setUp();
    await ConversationMember.query(deps.db).patch({ mutedUntil: new Date(Date.now() + 60_000) }).where({ conversation_id: channel, user_id: alice.id });
    const [writer, reader] = [await segment(server, alice, channel), await segment(server, bob, channel)];
    writer.awareness.setLocalState({ typing: true, stream: { id: newId(), from: 0, text: 'you should not see this' } });
    // The state arrives, stamped, without its stream.
    const state = await waitFor(() => [...reader.awareness.getStates().values()].find((s) => (s as { user?: { id: string } }).user?.id === alice.id));
    expect(state).toMatchObject({ typing: true });
    expect(state).not.toHaveProperty('stream');
  });

  it('records a stream whose author vanished as it stood, marked incomplete, once', async () => {
    await setUp();
    const [writer, reader] = [await segment(server, alice, channel), await segment(server, bob, channel)];
    const watched = watchStream(reader, alice.id);
    const id = newId();
    writer.awareness.setLocalStateField('stream', { id, from: 0, text: 'I was about to say ' });
    await waitFor(() => watched.text() === 'I was about to say ');
    writer.awareness.setLocalStateField('stream', { id, from: 19, text: 'something' });
    await waitFor(() => watched.text() === 'I was about to say something');
    writer.destroy();

    const message = await shown(reader, id);
    expect(message).toMatchObject({ id, body: 'I was about to say something', author: alice.id, incomplete: true });
    expect(await MessageRow.query(deps.db).findById(id)).toMatchObject({ body: 'I was about to say something', incomplete: true });
    expect(ConvDoc.messages(reader.doc).toArray().filter((m) => m.id === id)).toHaveLength(1);
  });

  it('drops a malformed chunk and a chunk for someone else’s stream', async () => {
    await setUp();
    const [writer, reader] = [await segment(server, alice, channel), await segment(server, bob, channel)];
    writer.awareness.setLocalState({ stream: { id: 'not-a-ulid', from: 0, text: 'x' } });
    const state = await waitFor(() => [...reader.awareness.getStates().values()].find((s) => (s as { user?: { id: string } }).user?.id === alice.id));
    expect(state).not.toHaveProperty('stream');

    const id = newId();
    const bobsWriter = await segment(server, bob, channel);
    bobsWriter.awareness.setLocalStateField('stream', { id, from: 0, text: 'mine' });
    await waitFor(() => [...reader.awareness.getStates().values()].some((s) => (s as { stream?: { id: string } }).stream?.id === id));
    writer.awareness.setLocalStateField('stream', { id, from: 0, text: 'hijacked' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const alices = [...reader.awareness.getStates().values()].find((s) => (s as { user?: { id: string } }).user?.id === alice.id);
    expect(alices).not.toHaveProperty('stream');
  });
});
