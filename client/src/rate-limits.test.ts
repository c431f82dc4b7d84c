import { waitFor } from '@volley/server/testing';
import { messageOp, newId, readAckFrame, UserDoc } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { account, signedIn, testVolley } from './client.testing.js';
import type { WebSocketConstructor } from './websocket.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sockets that note the ops answered `rate_limited` on them (op frames). */
function noting(refused: Set<string>): WebSocketConstructor {
  class Noting extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      this.on('error', () => undefined);
      this.on('message', (data: ArrayBuffer) => {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== messageOp) return;
        const ack = readAckFrame(decoder);
        if (ack?.status === 'rejected' && ack.reason === 'rate_limited') refused.add(ack.id);
      });
    }
  }
  return Noting as unknown as WebSocketConstructor;
}

describe.each(['frames', 'outbox'] as const)('op rate limits through the library (%s)', (sendPath) => {
  // 100 sends in 2 s go far over it even on a slow machine, and the retries take seconds, not 20.
  const volley = testVolley({ OP_RATE_PER_SECOND: '10', OP_RATE_BURST: '10' });

  it('delivers 100 sends made in 2 s, in order, each once, though the server refuses the excess at first', { timeout: 60_000 }, async () => {
    const { person } = await account(volley(), 'burst');
    const channel = await person.call('POST', '/channels', { name: `c${newId().slice(-8).toLowerCase()}`, access: 'private' });
    const refused = new Set<string>();
    const client = await signedIn(volley(), person, { sendPath, WebSocket: noting(refused) });
    const outbox = client.outbox();
    if (sendPath === 'outbox') {
      await client.userRoom().whenSynced();
      UserDoc.outbox(client.userRoom().doc).observe((event) => event.keysChanged.forEach((id) => event.target.get(id)?.reason === 'rate_limited' && refused.add(id)));
    }

    const pending = [];
    for (let i = 1; i <= 100; i++) {
      pending.push(outbox.send(channel.body.id, `message ${i}`));
      await sleep(10);
    }
    const outcomes = await Promise.all(pending.map((p) => p.outcome));
    expect(refused.size).toBeGreaterThan(0);
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(outcomes.map((o) => o.id)).toEqual(pending.map((p) => p.id));

    const bodies = Array.from({ length: 100 }, (_, i) => `message ${i + 1}`);
    const conversation = await client.conversation(channel.body.id);
    const history = [...(await conversation.history(undefined, 200)).items].reverse();
    expect(history.map((m) => m.body)).toEqual(bodies);
    expect(history.map((m) => m.id)).toEqual(pending.map((p) => p.id));
    // The segment holds each once too, in that order.
    const segment = await waitFor(() => conversation.messages().length >= 100 && conversation.messages());
    expect(segment.map((m) => m.body)).toEqual(bodies);
  });
});

describe('the end of a stream, rate-limited', () => {
  // A slow refill: once the burst is spent, the end is surely refused, and retried 2 s later.
  const volley = testVolley({ OP_RATE_PER_SECOND: '0.5', OP_RATE_BURST: '5' });

  it('is queued again under the stream’s id: one message, not incomplete', { timeout: 60_000 }, async () => {
    const [{ person, general }, { person: other }] = [await account(volley(), 'rush'), await account(volley(), 'watch')];
    // What the outbox writes into the user document is what this test watches.
    const client = await signedIn(volley(), person, { sendPath: 'outbox' });
    const [writing, watching] = [await client.conversation(general), await (await signedIn(volley(), other)).conversation(general)];
    await Promise.all([writing.whenSynced(), watching.whenSynced(), client.userRoom().whenSynced()]);
    // #general may hold earlier runs' replies (PostgreSQL keeps them): this one's text is its own.
    const text = `a reply behind a burst ${newId()}`;
    const reply = writing.stream();
    reply.append(text);
    await waitFor(() => watching.liveStreams()[0]?.text === text);
    let refused = false;
    UserDoc.outbox(client.userRoom().doc).observe((event) => event.keysChanged.has(reply.id) && event.target.get(reply.id)?.reason === 'rate_limited' && (refused = true));
    // The burst spends the account's tokens.
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.outbox().send(general, `burst ${i}`).outcome));

    const outcome = await reply.end();
    expect(refused).toBe(true);
    expect(outcome).toMatchObject({ id: reply.id, status: 'accepted' });
    const message = await waitFor(() => watching.messages().find((m) => m.id === reply.id));
    expect(message).toMatchObject({ body: text });
    expect(message.incomplete).toBeUndefined();
    expect(watching.messages().filter((m) => m.body === text)).toHaveLength(1);
  });
});
