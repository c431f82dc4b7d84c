import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from './client.testing.js';
import type { Joined } from './memberships.js';

describe('memberships followed', () => {
  const volley = testVolley();

  it('tells a client the channel it came into, from its first message there, and the one it was kicked from', async () => {
    const { person: owner } = await account(volley(), 'owner');
    const { person: bob } = await account(volley(), 'bob');
    const client = await signedIn(volley(), bob);
    const joined: Joined[] = [];
    const left: string[] = [];
    client.joined.add((j) => joined.push(j));
    client.left.add((id) => left.push(id));
    const before = await client.conversations();

    const made = await owner.call('POST', '/channels', { name: `m-${newId().slice(-6).toLowerCase()}`, access: 'public' });
    const channel = (made.body as { id: string }).id;
    expect(before.some((c) => c.id === channel)).toBe(false);
    expect((await bob.call('POST', `/conversations/${channel}/join`, {})).status).toBeLessThan(300);
    const ownerClient = await signedIn(volley(), owner);
    const hello = await ownerClient.outbox().send(channel, 'welcome');
    expect(hello.status).toBe('accepted');

    const came = await waitFor(() => joined.find((j) => j.conversation.id === channel), 10_000);
    expect(came.since).toBe((hello as { seq: number }).seq);

    expect((await owner.call('POST', `/conversations/${channel}/kick`, { userId: bob.id })).status).toBeLessThan(300);
    await waitFor(() => left.includes(channel), 10_000);
    expect(joined.filter((j) => j.conversation.id === channel)).toHaveLength(1);
  });
});
