/**
 * Nothing typed is lost: a client killed at each moment of an op's way (written behind a
 * rate-limited op, handed to the outbox, between the file queue and the send queue, its room
 * refused) and started again on its files finds every op either delivered once or listed as
 * refused with its text. A kill is storage that stops writing at that instant (`Killable`): what
 * a dead process left on disk is what the next one reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '@volley/server/testing';
import { newId, OP_FRAMES_SUBPROTOCOL, type OutboxEntry } from '@volley/shared';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { account, signedIn, testVolley, waitFor } from './client.testing.js';
import { DirStash } from './dir-stash.js';
import { FileStorage } from './file-storage.js';
import type { FrameOutbox } from './frame-outbox.js';
import type { Outcome } from './outbox.js';
import type { DocStorage, LocalCopy } from './storage.js';
import type { VolleyClient } from './volley-client.js';
import type { WebSocketConstructor } from './websocket.js';

/**
 * File storage that can die: `kill(prefix)` stops recording the documents whose room starts with
 * `prefix` (all of them by default), as a process killed before their next write; their writes
 * then never complete.
 */
class Killable implements DocStorage {
  readonly #files: FileStorage;
  readonly #dead = new Set<string>();

  constructor(dir: string) {
    this.#files = new FileStorage(dir);
  }

  kill(prefix = ''): void {
    this.#dead.add(prefix);
  }

  #isDead(room: string): boolean {
    return [...this.#dead].some((prefix) => room.startsWith(prefix));
  }

  open(room: string, doc: Y.Doc): LocalCopy {
    // The file copy records a shadow of the document, fed while the room lives.
    const shadow = new Y.Doc();
    const copy = this.#files.open(room, shadow);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(shadow), this);
    const feed = (update: Uint8Array, origin: unknown) => origin !== this && !this.#isDead(room) && Y.applyUpdate(shadow, update);
    doc.on('update', feed);
    return {
      loaded: copy.loaded,
      written: () => (this.#isDead(room) ? new Promise<void>(() => undefined) : copy.written()),
      close: async () => {
        doc.off('update', feed);
        await copy.close();
      },
    };
  }
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const newDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'volley-durable-'));
  dirs.push(dir);
  return dir;
};

async function channelOf(owner: Person, members: Person[] = []): Promise<string> {
  const made = await owner.call('POST', '/channels', { name: `d${newId().slice(-8).toLowerCase()}`, access: 'public' });
  const id = (made.body as { id: string }).id;
  for (const member of members) await member.call('POST', `/conversations/${id}/join`, {});
  return id;
}

/** The bodies of a conversation's newest messages, oldest first, with their ids. */
async function delivered(client: VolleyClient, convId: string): Promise<{ id: string; body: string }[]> {
  return [...(await client.api.history(convId, undefined, 100)).items].reverse().map(({ id, body }) => ({ id, body }));
}

const undecided = (entry: OutboxEntry | undefined): boolean => entry !== undefined && (entry.status === undefined || entry.reason === 'rate_limited');

/** Sockets to a server that does not speak op frames (it is never offered them): the frame queue hands every op to the outbox. */
function withoutOpFrames(refuse?: (url: string) => boolean): WebSocketConstructor {
  class Old extends WebSocket {
    constructor(url: string, protocols: string[]) {
      // A room refused: its socket is sent where there is no room.
      super(refuse?.(url) ? url.replace('/sync/', '/sync/nowhere.') : url, protocols.filter((p) => p !== OP_FRAMES_SUBPROTOCOL));
      this.on('error', () => undefined);
    }
  }
  return Old as unknown as WebSocketConstructor;
}

/** Sockets whose op frames are lost on the way (a network that drops them): the ops stay unanswered. */
function droppingOpFrames(): WebSocketConstructor {
  class Dropping extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols);
      this.on('error', () => undefined);
    }

    override send(data: Uint8Array, ...rest: unknown[]): void {
      // Type 5, the op frame (docs/protocol.md).
      if (data instanceof Uint8Array && data[0] === 5) return;
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  return Dropping as unknown as WebSocketConstructor;
}

describe.each(['outbox', 'frames'] as const)('killed while ops wait behind a rate-limited one (%s)', (sendPath) => {
  // A slow refill: past the burst, ops are refused for seconds.
  const volley = testVolley({ OP_RATE_PER_SECOND: '0.5', OP_RATE_BURST: '3' });

  it('lists every op not accepted after the restart, then delivers each once, in order', { timeout: 90_000 }, async () => {
    const { person } = await account(volley(), `lim${sendPath.slice(0, 1)}`);
    const channel = await channelOf(person);
    const dir = newDir();
    const storage = new Killable(dir);
    const first = await signedIn(volley(), person, { sendPath, storage });
    const bodies = Array.from({ length: 8 }, (_, i) => `behind the limit ${i}`);
    const accepted = new Set<string>();
    let refused = 0;
    const sent = [];
    for (const body of bodies) {
      const pending = first.outbox().send(channel, body);
      void pending.outcome.then((o) => o.status === 'accepted' && accepted.add(o.id));
      await pending.stored;
      sent.push(pending);
    }
    if (sendPath === 'outbox') {
      const map = first.userRoom().doc.getMap<OutboxEntry>('outbox');
      await waitFor(() => [...map.values()].some((e) => e.reason === 'rate_limited'));
      refused = [...map.values()].filter((e) => e.reason === 'rate_limited').length;
    } else {
      // Past the burst, the later ones wait in the queue for their time.
      await waitFor(() => accepted.size >= 3);
      refused = sent.length - accepted.size;
    }
    storage.kill();
    first.offline();
    const waiting = sent.filter((p) => !accepted.has(p.id)).map((p) => p.id);
    expect(refused).toBeGreaterThan(0);
    expect(waiting.length).toBeGreaterThan(0);
    await first.close();

    const again = await signedIn(volley(), person, { sendPath, storage: new FileStorage(dir) });
    const view = again.pendingOps();
    if (sendPath === 'outbox') await again.userRoom().loaded;
    else await (again.outbox() as FrameOutbox).loaded;
    for (const id of waiting) expect(undecided(view.entries().get(id)), id).toBe(true);
    const outcomes: Outcome[] = await Promise.all(waiting.map((id) => again.outbox().outcome(id)));
    expect(outcomes.every((o) => o.status === 'accepted')).toBe(true);
    const messages = await delivered(again, channel);
    expect(messages.map((m) => m.body)).toEqual(bodies);
    expect(messages.map((m) => m.id)).toEqual(sent.map((p) => p.id));
  });
});

describe('killed at a moment of an op’s way', () => {
  const volley = testVolley();

  it('an op the frame queue handed to the outbox, whose write there was lost, is queued again under its id after a restart and delivered once', { timeout: 60_000 }, async () => {
    const { person } = await account(volley(), 'handed');
    const channel = await channelOf(person);
    const dir = newDir();
    const storage = new Killable(dir);
    // The user document never reaches the server (its socket is refused), and its copy dies first.
    const first = await signedIn(volley(), person, { storage, WebSocket: withoutOpFrames((url) => url.includes('/sync/user.')) });
    storage.kill('user.');
    const pending = first.outbox().send(channel, 'handed over');
    await pending.stored;
    await waitFor(() => first.userRoom().doc.getMap<OutboxEntry>('outbox').has(pending.id));
    storage.kill();
    await first.close();

    const again = await signedIn(volley(), person, { storage: new FileStorage(dir), WebSocket: withoutOpFrames() });
    const outbox = again.outbox() as FrameOutbox;
    await outbox.loaded;
    expect(undecided(again.pendingOps().entries().get(pending.id))).toBe(true);
    expect(await outbox.outcome(pending.id)).toMatchObject({ id: pending.id, status: 'accepted' });
    expect((await delivered(again, channel)).filter((m) => m.body === 'handed over').map((m) => m.id)).toEqual([pending.id]);
  });

  it('a file message whose send was handed over but not yet stored by the send queue stays in the file queue, and is delivered once after a restart', { timeout: 60_000 }, async () => {
    const { person } = await account(volley(), 'between');
    const channel = await channelOf(person);
    const dir = newDir();
    const storage = new Killable(join(dir, 'docs'));
    // The send queue dies as the file is uploaded: its write of the send never lands, the file queue's go on.
    class Stash extends DirStash {
      override async delete(key: string): Promise<void> {
        storage.kill('sendq.');
        await super.delete(key);
      }
    }
    const first = await signedIn(volley(), person, { storage, stash: new Stash(join(dir, 'files')) });
    // Not sent before the kill: the rooms are offline (the upload is HTTP).
    first.offline();
    const sending = first.files().send(channel, 'the caption', [{ blob: new Blob([PDF]), name: 'plan.pdf' }]);
    await sending.stored;
    await waitFor(() => first.files().entries().get(sending.id)?.files[0]?.attachment);
    // The send is handed over (the upload's bytes are let go once that is recorded)…
    await waitFor(() => first.pendingOps().entries().has(sending.id));
    storage.kill();
    await first.close();

    const again = await signedIn(volley(), person, { storage: new FileStorage(join(dir, 'docs')), stash: new DirStash(join(dir, 'files')) });
    await again.files().loaded;
    // In the file queue still (or already handed over again, to the send queue).
    expect(again.files().entries().get(sending.id) ?? again.pendingOps().entries().get(sending.id)).toMatchObject({ body: 'the caption' });
    expect(await again.files().outcome(sending.id)).toMatchObject({ id: sending.id, status: 'accepted' });
    expect((await delivered(again, channel)).filter((m) => m.body === 'the caption').map((m) => m.id)).toEqual([sending.id]);
    const conversation = await again.conversation(channel);
    const shown = await waitFor(() => conversation.messages().find((m) => m.id === sending.id));
    expect(shown.attachments?.map((a) => a.name)).toEqual(['plan.pdf']);
    await waitFor(() => again.files().entries().size === 0);
  });

  it('ops unanswered when the member is kicked (4403) are refused with the reason and their text, still so after a restart, and never delivered', { timeout: 60_000 }, async () => {
    const [{ person: owner }, { person: member }] = [await account(volley(), 'owner'), await account(volley(), 'kicked')];
    const channel = await channelOf(owner, [member]);
    const dir = newDir();
    const storage = new Killable(dir);
    const first = await signedIn(volley(), member, { storage, WebSocket: droppingOpFrames() });
    const conversation = await first.conversation(channel);
    await conversation.whenSynced();
    const ops = [first.outbox().send(channel, 'lost in the kick'), first.outbox().edit(channel, newId(), 'an edit too')];
    await Promise.all(ops.map((p) => p.stored));
    const closed = new Promise<number>((resolve) => conversation.room.socket.refused.add(({ code }) => resolve(code)));
    expect((await owner.call('POST', `/conversations/${channel}/kick`, { userId: member.id })).status).toBe(204);
    expect(await closed).toBe(4403);
    for (const op of ops) expect(await op).toMatchObject({ id: op.id, status: 'rejected', reason: 'forbidden' });
    expect(first.pendingOps().entries().get(ops[0]!.id)).toMatchObject({ status: 'rejected', reason: 'forbidden', body: 'lost in the kick' });
    // Kept for editing or discarding; killed before the refusals were written, they are refused again on the next socket.
    storage.kill();
    conversation.close();
    await first.close();

    const again = await signedIn(volley(), member, { storage: new FileStorage(dir) });
    const outbox = again.outbox() as FrameOutbox;
    await outbox.loaded;
    for (const op of ops) expect(await outbox.outcome(op.id)).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^(forbidden|not_member)$/) });
    expect(again.pendingOps().entries().get(ops[0]!.id)).toMatchObject({ body: 'lost in the kick', status: 'rejected' });
    expect(again.pendingOps().entries().get(ops[1]!.id)).toMatchObject({ op: 'edit', body: 'an edit too', status: 'rejected' });
    expect((await owner.call('GET', `/conversations/${channel}/messages`)).body.items.map((m: { body: string }) => m.body)).not.toContain('lost in the kick');
    again.pendingOps().discard(ops[0]!.id);
    expect(again.pendingOps().entries().has(ops[0]!.id)).toBe(false);
  });
});
