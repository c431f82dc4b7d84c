import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from './client.testing.js';

describe('a conversation of several segments', () => {
  // A segment is sealed every 10 messages.
  const volley = testVolley({ SEGMENT_SIZE: '10' });

  async function longChannel() {
    const { person } = await account(volley(), 'long');
    const made = await person.call('POST', '/channels', { name: `long-${newId().slice(-6).toLowerCase()}`, access: 'public' });
    const channel = (made.body as { id: string }).id;
    const client = await signedIn(volley(), person);
    const sent = await Promise.all(Array.from({ length: 25 }, (_, i) => client.outbox().send(channel, `line ${i + 1}`)));
    expect(sent.every((outcome) => outcome.status === 'accepted')).toBe(true);
    const head = (await client.api.conversations()).find((c) => c.id === channel)!.headSegment;
    return { client, channel, head };
  }

  it('shows the head, then loads older segments on demand without telling their messages as new', async () => {
    const { client, channel, head } = await longChannel();
    expect(head).toBeGreaterThanOrEqual(2);
    const conversation = await client.conversation(channel, head);
    await conversation.whenSynced();
    const told: string[] = [];
    conversation.message.add((m) => told.push(m.body));
    const shown = conversation.messages().length;
    expect(shown).toBeLessThan(25);
    expect(conversation.nextOlder()).toBe(head - 1);

    while (conversation.nextOlder() !== null) {
      const room = await conversation.loadOlder();
      await room!.whenSynced();
    }
    await waitFor(() => conversation.messages().length === 25);
    expect(conversation.messages().map((m) => m.body)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i + 1}`));
    expect(told).toEqual([]);
  });

  it('opened on a stale record, follows the seals to the head and keeps only the head', async () => {
    const { client, channel, head } = await longChannel();
    const conversation = await client.conversation(channel, 0);
    await waitFor(() => conversation.head === head && conversation.messages().some((m) => m.body === 'line 25'));
    expect(conversation.messages().some((m) => m.body === 'line 1')).toBe(false);
    expect(conversation.nextOlder()).toBe(head - 1);
  });
});
