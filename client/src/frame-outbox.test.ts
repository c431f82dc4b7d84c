import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloseCode, MESSAGE_MAX_LENGTH, messageOp, OP_FRAMES_SUBPROTOCOL, SYNC_BUDGETS, UserDoc } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { account, signedIn, testVolley } from './client.testing.js';
import { FileStorage } from './file-storage.js';
import type { FrameOutbox } from './frame-outbox.js';
import type { WebSocketConstructor } from './websocket.js';

/** The op id of an op frame, or of the server's answer to one. */
function opIdOf(data: unknown): string | undefined {
  // Received as the client asks (binaryType 'arraybuffer'), sent as Uint8Array.
  if (!(data instanceof Uint8Array || data instanceof ArrayBuffer)) return undefined;
  const decoder = decoding.createDecoder(new Uint8Array(data));
  if (decoding.readVarUint(decoder) !== messageOp) return undefined;
  return (JSON.parse(decoding.readVarString(decoder)) as { id?: string }).id;
}

/**
 * Sockets that count the op frames they send, and lose the first answer to one with the
 * connection: the op is committed, its client never hears it (a network drop at the wrong moment).
 */
function lossySockets() {
  const sent: string[] = [];
  let lost = false;
  class Lossy extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      this.on('error', () => undefined);
    }

    override send(data: Uint8Array, ...rest: unknown[]): void {
      const id = opIdOf(data);
      if (id) sent.push(id);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }

    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message' && !lost && opIdOf(args[0])) {
        lost = true;
        this.terminate();
        return true;
      }
      return super.emit(event, ...args);
    }
  }
  return { WebSocket: Lossy as unknown as WebSocketConstructor, sent };
}

describe('sending through op frames', () => {
  const volley = testVolley();

  it('sends on the conversation’s socket, answered with the seq, and writes nothing into the user document', async () => {
    const { person, general } = await account(volley(), 'frames');
    const client = await signedIn(volley(), person, { sendPath: 'frames' });
    const conversation = await client.conversation(general);
    const outcome = await client.outbox().send(general, 'through a frame');
    expect(outcome).toMatchObject({ status: 'accepted', seq: expect.any(Number) });
    expect(conversation.room.opFrames).toBe(true);
    expect(conversation.room.socket.protocol).toBe(OP_FRAMES_SUBPROTOCOL);
    const message = (await conversation.history(undefined, 5)).items.find((m) => m.id === outcome.id);
    expect(message).toMatchObject({ body: 'through a frame', seq: (outcome as { seq: number }).seq });
    await client.userRoom().whenSynced();
    expect(UserDoc.outbox(client.userRoom().doc).size).toBe(0);
  });

  it('sends an op whose answer was lost once more, under its id, after reconnecting: one message', { timeout: 30_000 }, async () => {
    const { person, general } = await account(volley(), 'lossy');
    const { WebSocket: Lossy, sent } = lossySockets();
    const client = await signedIn(volley(), person, { sendPath: 'frames', WebSocket: Lossy });
    const text = `said once ${Date.now()}`;
    const pending = client.outbox().send(general, text);
    expect(await pending).toMatchObject({ id: pending.id, status: 'accepted' });
    expect(sent.filter((id) => id === pending.id)).toHaveLength(2);
    const conversation = await client.conversation(general);
    const history = (await conversation.history(undefined, 20)).items;
    expect(history.filter((m) => m.body === text).map((m) => m.id)).toEqual([pending.id]);
  });

  it('keeps what it could not send in storage: a client started again on it sends it', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'volley-frames-'));
    try {
      const { person, general } = await account(volley(), 'restart');
      const first = await signedIn(volley(), person, { sendPath: 'frames', storage: new FileStorage(dir) });
      first.offline();
      const queued = first.outbox().send(general, 'written offline');
      await (first.outbox() as FrameOutbox).loaded;
      await first.close();

      const again = await signedIn(volley(), person, { sendPath: 'frames', storage: new FileStorage(dir) });
      const outbox = again.outbox() as FrameOutbox;
      expect(await outbox.outcome(queued.id)).toMatchObject({ id: queued.id, status: 'accepted' });
      expect(outbox.pending).toBe(0);
      const history = (await (await again.conversation(general)).history(undefined, 5)).items;
      expect(history.find((m) => m.id === queued.id)).toMatchObject({ body: 'written offline' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows an op pending offline and after a restart, then accepted once sent, until settled', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'volley-pending-'));
    try {
      const { person, general } = await account(volley(), 'pending');
      const first = await signedIn(volley(), person, { storage: new FileStorage(dir) });
      first.offline();
      const queued = first.outbox().send(general, 'shown while offline');
      const view = first.pendingOps();
      expect(view.entries().get(queued.id)).toMatchObject({ op: 'send', convId: general, body: 'shown while offline' });
      expect(view.entries().get(queued.id)?.status).toBeUndefined();
      await (first.outbox() as FrameOutbox).loaded;
      await first.close();

      const again = await signedIn(volley(), person, { storage: new FileStorage(dir) });
      const restarted = again.pendingOps();
      let changes = 0;
      restarted.changed.add(() => changes++);
      await (again.outbox() as FrameOutbox).loaded;
      expect(restarted.entries().get(queued.id)).toMatchObject({ body: 'shown while offline' });
      const outcome = await (again.outbox() as FrameOutbox).outcome(queued.id);
      expect(restarted.entries().get(queued.id)).toMatchObject({ status: 'accepted', seq: (outcome as { seq: number }).seq });
      expect(changes).toBeGreaterThan(0);
      restarted.settle([queued.id]);
      expect(restarted.entries().has(queued.id)).toBe(false);
      // Its files are written before they are removed.
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a refused op with its reason and text until retried (a new id) or discarded', async () => {
    const { person, general } = await account(volley(), 'refused');
    const client = await signedIn(volley(), person);
    const view = client.pendingOps();
    const long = client.outbox().send(general, 'x'.repeat(MESSAGE_MAX_LENGTH + 1));
    expect(await long).toMatchObject({ status: 'rejected', reason: 'too_long' });
    expect(view.entries().get(long.id)).toMatchObject({ status: 'rejected', reason: 'too_long', body: 'x'.repeat(MESSAGE_MAX_LENGTH + 1) });
    expect((client.outbox() as FrameOutbox).pending).toBe(0);

    const retried = view.retry(long.id)!;
    expect(retried.id).not.toBe(long.id);
    expect(view.entries().has(long.id)).toBe(false);
    expect(await retried).toMatchObject({ status: 'rejected', reason: 'too_long' });
    view.discard(retried.id);
    expect(view.entries().size).toBe(0);
  });
});

/** Sockets that note the codes they are closed with. */
function closeNoting(codes: number[]): WebSocketConstructor {
  class Noting extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      this.on('error', () => undefined);
      this.on('close', (code: number) => codes.push(code));
    }
  }
  return Noting as unknown as WebSocketConstructor;
}

describe('op frames within the server’s budget for them', () => {
  // The account's op rate out of the way: what is measured here is the frame budget alone.
  const volley = testVolley({ OP_RATE_PER_SECOND: '5000', OP_RATE_BURST: '10000' });

  it('delivers 300 sends queued at once, past the burst of frames a socket may send, without being closed', { timeout: 180_000 }, async () => {
    const { person, general } = await account(volley(), 'pacing');
    const codes: number[] = [];
    const client = await signedIn(volley(), person, { sendPath: 'frames', WebSocket: closeNoting(codes) });
    const count = SYNC_BUDGETS.op.socket.frames.burst + 100;
    const pending = Array.from({ length: count }, (_, i) => client.outbox().send(general, `paced ${i}`));
    const outcomes = await Promise.all(pending.map((p) => p.outcome));
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    expect(codes).not.toContain(CloseCode.rateLimited);
    // Each a message of its own: as many seqs as sends.
    expect(new Set(outcomes.map((o) => (o as { seq: number }).seq)).size).toBe(count);
    const newest = (await (await client.conversation(general)).history(undefined, 50)).items;
    expect(newest.map((m) => m.body)).toContain(`paced ${count - 1}`);
  });
});
