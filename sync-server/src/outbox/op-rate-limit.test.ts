import { testDeps } from '@volley/core/testing';
import { ConvDoc, newId, queueSend, UserDoc, type OutboxEntry } from '@volley/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { createChannel, createUser, disposeAll, segment, session, startSyncServer, waitFor, type RunningSync } from '../sync-server.testing.js';

/**
 * What a client does with a `rate_limited` outcome (docs/protocol.md, "Rate limits"): queue the op
 * again, under the same id, once the time in `detail` has passed.
 */
function retryWhenDue(provider: WebsocketProvider): () => void {
  const outbox = UserDoc.outbox(provider.doc);
  const timers = new Map<string, NodeJS.Timeout>();
  const observer = () =>
    outbox.forEach((entry, id) => {
      if (entry.status !== 'rejected' || entry.reason !== 'rate_limited' || timers.has(id)) return;
      const { status: _s, reason: _r, detail, ...op } = entry;
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          outbox.set(id, op as OutboxEntry);
        }, Date.parse(detail!) - Date.now()),
      );
    });
  outbox.observe(observer);
  observer();
  return () => {
    outbox.unobserve(observer);
    timers.forEach(clearTimeout);
  };
}

// Ten ops a second, bursts of ten: a deployment's own settings.
const deps = await testDeps({ env: { OP_RATE_PER_SECOND: '10', OP_RATE_BURST: '10' }, afterEach: disposeAll });

describe('ops past an account’s rate are refused with when to retry, and nothing is lost or sent twice', () => {
  let server: RunningSync;

  beforeEach(async () => {
    server = await startSyncServer(deps);
  });

  it('refuses the excess of 100 sends in 2 s with `rate_limited` and a retry time, then takes them all, in order, once each', async () => {
    const alice = await createUser(deps);
    const channel = await createChannel(deps, alice);
    const own = await session(server, alice);
    const reader = await segment(server, alice, channel);
    const outbox = UserDoc.outbox(own.doc);

    const ids: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 100; i++) {
      ids.push(queueSend(own.doc, newId(), channel, `message ${i}`));
      if (i % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const refusals = await waitFor(() => {
      const entries = ids.map((id) => outbox.get(id));
      return entries.every((entry) => entry?.status !== undefined) && entries.filter((entry): entry is OutboxEntry => entry?.reason === 'rate_limited');
    });
    // The account's bucket holds 10 and refills 10 a second: of the 100, at most 10 and 10 a second of
    // the time they took to be decided are taken (2 s on a quiet machine: 70 refused; a busy one is slower).
    const now = Date.now();
    expect(refusals.length).toBeGreaterThanOrEqual(Math.min(60, 90 - Math.ceil((10 * (now - started)) / 1000)));
    expect(refusals.length).toBeGreaterThan(0);
    for (const entry of refusals) {
      expect(entry).toMatchObject({ status: 'rejected', reason: 'rate_limited', op: 'send', convId: channel });
      expect(Date.parse(entry.detail!)).toBeGreaterThan(now - 2000);
    }
    // Each its own time: sent again at their times, they do not all come back at once.
    expect(new Set(refusals.map((entry) => entry.detail)).size).toBe(refusals.length);

    const stop = retryWhenDue(own);
    try {
      await waitFor(() => ids.every((id) => outbox.get(id)?.status === 'accepted'), 20_000);
    } finally {
      stop();
    }
    // In the order they were made: seq follows the op ids.
    expect(ids.map((id) => outbox.get(id)?.seq)).toEqual(ids.map((_, i) => i + 1));
    const shown = await waitFor(() => {
      const messages = ConvDoc.messages(reader.doc).toArray();
      return messages.length >= 100 && messages;
    });
    expect(shown.map((message) => message.id)).toEqual(ids);
  }, 40_000);

  it('holds back a later op behind a refused one, so a quick retry cannot reorder them', async () => {
    const bob = await createUser(deps);
    const channel = await createChannel(deps, bob);
    const own = await session(server, bob);
    const outbox = UserDoc.outbox(own.doc);

    // One update, so the server sees the burst at once however busy the machine is.
    let burst: string[] = [];
    own.doc.transact(() => (burst = Array.from({ length: 40 }, (_, i) => queueSend(own.doc, newId(), channel, `burst ${i}`))));
    await waitFor(() => burst.every((id) => outbox.get(id)?.status !== undefined));
    const firstRefused = burst.find((id) => outbox.get(id)?.reason === 'rate_limited')!;
    expect(firstRefused).toBeDefined();
    // A token is there again, but the refused op has not been queued again yet: the new one waits behind it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const later = queueSend(own.doc, newId(), channel, 'after the burst');
    expect(await waitFor(() => outbox.get(later)?.status !== undefined && outbox.get(later))).toMatchObject({ status: 'rejected', reason: 'rate_limited', body: 'after the burst' });
  });
});
