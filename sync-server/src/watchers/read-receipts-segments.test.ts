import { testDeps } from '@volley/core/testing';
import { ConvDoc, UserDoc } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { act, createDm, createUser, disposeAll, segment, session, startSyncServer, waitFor } from '../sync-server.testing.js';

// Ten messages a segment: a DM's head rolls over within a test.
const deps = await testDeps({ env: { SEGMENT_SIZE: '10', OP_RATE_PER_SECOND: '1000', OP_RATE_BURST: '1000' }, afterEach: disposeAll });

describe('read receipts across segments', () => {
  it('follow the head of a DM when it rolls over, and turning them off leaves none in any segment', async () => {
    const server = await startSyncServer(deps);
    const [alice, bob] = [await createUser(deps), await createUser(deps)];
    const dm = await createDm(deps, alice, bob);
    const [alices, bobs] = [await session(server, alice), await session(server, bob)];
    for (let i = 1; i <= 3; i++) await act(alices, { op: 'send', convId: dm, body: `ping ${i}` });
    const first = await segment(server, alice, dm, 0);
    UserDoc.reads(bobs.doc).set(dm, 3);
    await waitFor(() => ConvDoc.receipts(first.doc).get(bob.id) === 3);

    // Alice goes on writing past the segment; Bob has not read on.
    for (let i = 4; i <= 12; i++) await act(alices, { op: 'send', convId: dm, body: `ping ${i}` });
    const { head_segment: head } = (await deps.db('conversations').where({ id: dm }).first('head_segment')) as { head_segment: number };
    expect(head).toBe(1);
    const next = await segment(server, alice, dm, head);
    expect(await waitFor(() => ConvDoc.receipts(next.doc).get(bob.id))).toBe(3);
    expect(ConvDoc.receipts(first.doc).has(bob.id)).toBe(false);

    UserDoc.settings(bobs.doc).set('readReceipts', false);
    await waitFor(() => !ConvDoc.receipts(next.doc).has(bob.id));
    const reopened = await segment(server, bob, dm, 0);
    expect(ConvDoc.receipts(reopened.doc).has(bob.id)).toBe(false);
  }, 60_000);
});
