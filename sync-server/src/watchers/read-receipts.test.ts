import { testDeps } from '@volley/core/testing';
import { ConvDoc, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createChannel, createDm, createUser, disposeAll, segment, session, startSyncServer, waitFor, type RunningSync } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('read receipts in DMs', () => {
  let server: RunningSync;

  async function dmWithMessages(count: number) {
    server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [alices, bobs] = [await session(server, alice), await session(server, bob)];
    for (let i = 1; i <= count; i++) await act(alices, { op: 'send', convId: dm, body: `ping ${i}` });
    return { alice, bob, dm, alices, bobs, view: await segment(server, alice, dm) };
  }

  it('shows the sender how far the other side has read, only forward and never past the last message', async () => {
    const { bob, dm, bobs, view } = await dmWithMessages(3);
    UserDoc.reads(bobs.doc).set(dm, 2);
    expect(await waitFor(() => ConvDoc.receipts(view.doc).get(bob.id))).toBe(2);

    UserDoc.reads(bobs.doc).set(dm, 99);
    expect(await waitFor(() => ConvDoc.receipts(view.doc).get(bob.id) === 3 && 3)).toBe(3);
    // A device with an older marker does not move the receipt back.
    UserDoc.reads(bobs.doc).set(dm, 1);
    UserDoc.reads(bobs.doc).set(dm, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ConvDoc.receipts(view.doc).get(bob.id)).toBe(3);
  });

  it('removes the receipt when the user turns receipts off, writes none while off, and again once back on', async () => {
    const { bob, dm, bobs, view } = await dmWithMessages(2);
    UserDoc.reads(bobs.doc).set(dm, 1);
    await waitFor(() => ConvDoc.receipts(view.doc).get(bob.id) === 1);

    UserDoc.settings(bobs.doc).set('readReceipts', false);
    await waitFor(() => !ConvDoc.receipts(view.doc).has(bob.id));
    UserDoc.reads(bobs.doc).set(dm, 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ConvDoc.receipts(view.doc).has(bob.id)).toBe(false);

    UserDoc.settings(bobs.doc).set('readReceipts', true);
    expect(await waitFor(() => ConvDoc.receipts(view.doc).get(bob.id))).toBe(2);
  });

  it('writes no receipts for channels', async () => {
    server = await startSyncServer(deps);
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const alices = await session(server, alice);
    await act(alices, { op: 'send', convId: channel, body: 'hello' });
    const view = await segment(server, alice, channel);
    UserDoc.reads(alices.doc).set(channel, 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ConvDoc.receipts(view.doc).size).toBe(0);
  });
});
