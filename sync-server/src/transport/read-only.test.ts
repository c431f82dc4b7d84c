import { testDeps } from '@volley/core/testing';
import { ConvDoc, convRoom, newId, queueSend, socketProtocols, userRoom, type Message } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { UpdateLog } from '@volley/core';
import { awarenessFrame, connect, createChannel, createUser, disposeAll, opened, openSocket, startSyncServer, synced, waitFor } from '../sync-server.testing.js';

const deps = await testDeps({ afterEach: disposeAll });

describe('conversation documents are read-only for clients', () => {
  it('drops a member’s direct write: no other client sees it, and the stored document never has it', async () => {
    const server = await startSyncServer(deps);
    const [alice, mallory, carol] = [await createUser(deps), await createUser(deps), await createUser(deps)];
    const channel = await createChannel(deps, alice, mallory, carol);
    const room = convRoom(channel, 0);
    const rogue = connect(server.url, room, mallory.token);
    const observer = connect(server.url, room, carol.token);
    const sender = connect(server.url, userRoom(alice.id), alice.token);
    await Promise.all([synced(rogue), synced(observer), synced(sender)]);

    const forged: Message = { id: newId(), seq: 1, author: alice.id, authorName: alice.username, body: 'forged', at: new Date().toISOString() };
    rogue.doc.transact(() => {
      ConvDoc.messages(rogue.doc).push([forged]);
      ConvDoc.meta(rogue.doc).set('next', 7);
    });
    const real = queueSend(sender.doc, newId(), channel, 'the real one');

    const bodies = (doc: Y.Doc) => ConvDoc.messages(doc).toArray().map((m) => m.body);
    await waitFor(() => bodies(observer.doc).includes('the real one'));
    expect(bodies(observer.doc)).toEqual(['the real one']);
    expect(ConvDoc.meta(observer.doc).get('next')).toBeUndefined();

    // What the server keeps, read back from the update log and by a client arriving after a restart.
    const stored = new Y.Doc();
    for (const update of await new UpdateLog(deps.db).load(room)) Y.applyUpdate(stored, update);
    expect(ConvDoc.messages(stored).toArray()).toEqual([expect.objectContaining({ id: real, body: 'the real one', seq: 1 })]);
    expect(ConvDoc.meta(stored).toJSON()).toEqual({ convId: channel, segment: 0 });
    await server.close();
    const restarted = await startSyncServer(deps);
    const latecomer = connect(restarted.url, room, carol.token);
    await synced(latecomer);
    expect(bodies(latecomer.doc)).toEqual(['the real one']);
  });

  it('shares a reader’s awareness under the identity of their token, whatever they claim', async () => {
    const server = await startSyncServer(deps);
    const [mallory, carol] = [await createUser(deps), await createUser(deps)];
    const room = convRoom(await createChannel(deps, mallory, carol), 0);
    const impostor = connect(server.url, room, mallory.token);
    const observer = connect(server.url, room, carol.token);
    await Promise.all([synced(impostor), synced(observer)]);

    impostor.awareness.setLocalState({ user: { id: carol.id, name: carol.username }, typing: true });
    const seen = await waitFor(() => observer.awareness.getStates().get(impostor.doc.clientID));
    expect(seen).toEqual({ user: { id: mallory.id, name: mallory.username }, typing: true });
  });

  it('does not let a socket change or clear the presence another socket set', async () => {
    const server = await startSyncServer(deps);
    const [mallory, carol] = [await createUser(deps), await createUser(deps)];
    const room = convRoom(await createChannel(deps, mallory, carol), 0);
    const victim = connect(server.url, room, carol.token);
    await synced(victim);
    victim.awareness.setLocalState({ viewing: true });
    const attacker = openSocket(`${server.url}/${room}`, socketProtocols(mallory.token));
    const replies: Uint8Array[] = [];
    attacker.on('message', (data: Buffer) => replies.push(new Uint8Array(data)));
    await opened(attacker);
    await waitFor(() => replies.length > 0);

    // A far higher clock for the victim's client id: first a new state, then a removal.
    for (const state of [{ viewing: false }, null]) attacker.send(awarenessFrame([victim.doc.clientID, 1000, state]));
    // The answer to a query sent after them shows what the server holds once they were handled.
    replies.length = 0;
    attacker.send(Uint8Array.of(3));
    await waitFor(() => replies.length > 0);
    const seen = new Awareness(new Y.Doc());
    const decoder = decoding.createDecoder(replies[0]!);
    expect(decoding.readVarUint(decoder)).toBe(1);
    applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), null);
    expect(seen.getStates().get(victim.doc.clientID)).toEqual({ viewing: true, user: { id: carol.id, name: carol.username } });
    seen.destroy();
  });
});
