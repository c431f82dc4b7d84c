import { waitFor } from '@volley/server/testing';
import type { Message } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley } from './client.testing.js';
import { STREAM_INTERVAL_MS } from './message-stream.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('streamed messages through the library', () => {
  const volley = testVolley();

  /** A writer and a reader in #general, both watching it. */
  async function pair(prefix: string) {
    const [{ person: bot, general }, { person: reader }] = [await account(volley(), `${prefix}w`), await account(volley(), `${prefix}r`)];
    const [writer, watcher] = [await signedIn(volley(), bot), await signedIn(volley(), reader)];
    const [writing, watching] = [await writer.conversation(general), await watcher.conversation(general)];
    await Promise.all([writing.whenSynced(), watching.whenSynced()]);
    return { writer, writing, watcher, watching, general };
  }

  it('shows a reader the text growing, then the final message once, never edited', async () => {
    const { writing, watching } = await pair('grow');
    const seen: string[] = [];
    watching.streams.add((streams) => seen.push(streams.map((s) => s.text).join('|')));
    const messages: Message[] = [];
    watching.message.add((m) => messages.push(m));
    const edits: Message[] = [];
    watching.edit.add((m) => edits.push(m));

    const reply = writing.stream();
    for (const word of ['The ', 'answer ', 'is ', 'forty-two']) {
      reply.append(word);
      await sleep(STREAM_INTERVAL_MS + 50);
    }
    await waitFor(() => seen.includes('The answer is forty-two'));
    expect(seen.filter((text) => text !== '').length).toBeGreaterThanOrEqual(3);
    expect(watching.liveStreams()).toMatchObject([{ id: reply.id, text: 'The answer is forty-two' }]);

    const outcome = await reply.end('The answer is forty-two.');
    expect(outcome).toMatchObject({ id: reply.id, status: 'accepted' });
    const message = await waitFor(() => messages.find((m) => m.id === reply.id));
    expect(message.body).toBe('The answer is forty-two.');
    expect(message.editedAt).toBeUndefined();
    expect(message.incomplete).toBeUndefined();
    // The stream is gone once its message is there, and the message came once.
    await waitFor(() => watching.liveStreams().length === 0);
    await sleep(300);
    expect(messages.filter((m) => m.id === reply.id)).toHaveLength(1);
    expect(edits).toHaveLength(0);
  });

  it('sends a reply longer than a chunk over several changes', async () => {
    const { writing, watching } = await pair('long');
    const long = 'é'.repeat(2500);
    const reply = writing.stream();
    reply.append(long);
    await waitFor(() => watching.liveStreams()[0]?.text === long, 5_000);
    await reply.end();
    await waitFor(() => watching.messages().find((m) => m.id === reply.id)?.body === long);
  });

  it('shows a reader who comes after only the final message', async () => {
    const { writer, writing, general } = await pair('late');
    const reply = writing.stream();
    reply.append('streamed while nobody else looked');
    await sleep(STREAM_INTERVAL_MS * 2);
    await reply.end();

    const { person } = await account(volley(), 'later');
    const late = await (await signedIn(volley(), person)).conversation(general);
    const streams: unknown[] = [];
    late.streams.add((s) => streams.push(s));
    await late.whenSynced();
    await sleep(300);
    expect(late.messages().filter((m) => m.id === reply.id)).toMatchObject([{ body: 'streamed while nobody else looked', author: writer.user!.id }]);
    expect(streams).toEqual([]);
  });

  it('takes an aborted stream back: readers see it vanish, no message is made', async () => {
    const { writing, watching } = await pair('abort');
    const reply = writing.stream();
    reply.append('never mind');
    await waitFor(() => watching.liveStreams()[0]?.text === 'never mind');
    reply.abort();
    await waitFor(() => watching.liveStreams().length === 0);
    expect(watching.messages().some((m) => m.id === reply.id)).toBe(false);
  });
});
