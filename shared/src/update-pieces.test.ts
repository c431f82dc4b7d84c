import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitUpdate } from './update-pieces.js';

const KiB = 1024;

/** A segment-like document: messages appended by two writers (two loads of the room), one edited, one deleted. */
function segment(): Y.Doc {
  const doc = new Y.Doc();
  const messages = doc.getArray<{ id: string; body: string }>('messages');
  doc.getMap('meta').set('segment', 0);
  for (let i = 0; i < 150; i++) messages.push([{ id: `m${i}`, body: `${i} ${'é🏓x'.repeat(1000)}` }]);
  const second = new Y.Doc();
  Y.applyUpdate(second, Y.encodeStateAsUpdate(doc));
  for (let i = 150; i < 200; i++) second.getArray('messages').push([{ id: `m${i}`, body: 'y'.repeat(4000) }]);
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(second));
  doc.transact(() => {
    messages.delete(3, 1);
    messages.insert(3, [{ id: 'm3', body: 'edited' }]);
    messages.delete(10, 1);
  });
  doc.getText('draft').insert(0, '🏓'.repeat(200_000));
  return doc;
}

const sizes = (updates: Uint8Array[]) => updates.map((u) => u.byteLength);

describe('splitUpdate', () => {
  it('cuts a state of several MiB into updates of at most the size, which rebuild the same document', () => {
    const doc = segment();
    const whole = Y.encodeStateAsUpdate(doc);
    expect(whole.byteLength).toBeGreaterThan(1536 * KiB);
    const pieces = splitUpdate(whole, 256 * KiB);
    expect(pieces.length).toBeGreaterThan(8);
    for (const size of sizes(pieces)) expect(size).toBeLessThanOrEqual(256 * KiB);

    const copy = new Y.Doc();
    for (const piece of pieces) Y.applyUpdate(copy, piece);
    expect(copy.getArray('messages').toJSON()).toEqual(doc.getArray('messages').toJSON());
    expect(copy.getText('draft').toString()).toBe(doc.getText('draft').toString());
    expect(copy.getMap('meta').toJSON()).toEqual({ segment: 0 });
    expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    // Nothing left pending: the copy is the document.
    expect(Y.encodeStateAsUpdate(copy, Y.encodeStateVector(doc)).byteLength).toBeLessThan(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)).byteLength + 1);
  });

  it('gives the same document when the pieces come in reverse order', () => {
    const doc = segment();
    const copy = new Y.Doc();
    for (const piece of splitUpdate(Y.encodeStateAsUpdate(doc), 300 * KiB).reverse()) Y.applyUpdate(copy, piece);
    expect(copy.getArray('messages').toJSON()).toEqual(doc.getArray('messages').toJSON());
    expect(copy.getText('draft').toString()).toBe(doc.getText('draft').toString());
  });

  it('cuts what a client lacks, after the state it has', () => {
    const doc = segment();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
    const messages = doc.getArray<{ id: string; body: string }>('messages');
    for (let i = 0; i < 300; i++) messages.push([{ id: `n${i}`, body: 'z'.repeat(4000) }]);
    const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(client));
    const pieces = splitUpdate(diff, 200 * KiB);
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) Y.applyUpdate(client, piece);
    expect(client.getArray('messages').toJSON()).toEqual(messages.toJSON());
  });

  it('leaves an update that fits as it is', () => {
    const doc = new Y.Doc();
    doc.getArray('messages').push([{ body: 'hello' }]);
    const update = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(update, 1024 * KiB)).toEqual([update]);
  });
});
