import { messageAwareness, messageSync, messageYjsSyncStep2, messageYjsUpdate, SYNC_FRAME_MAX_BYTES } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { awarenessFrames, stateFrames } from './sized-frames.js';

describe('frames of at most 1 MiB', () => {
  it('sends the awareness of a crowded room in several frames that together hold every state', () => {
    const room = new Awareness(new Y.Doc());
    const clients = Array.from({ length: 400 }, (_, i) => 1000 + i);
    // The states as a room holds them, set by 400 clients (of 4 KiB each, the most a socket may set).
    for (const client of clients) {
      const doc = new Y.Doc();
      doc.clientID = client;
      const one = new Awareness(doc);
      one.setLocalState({ typing: true, note: `${client} ${'x'.repeat(4000)}` });
      applyAwarenessUpdate(room, encodeAwarenessUpdate(one, [client]), 'test');
    }
    const frames = awarenessFrames(room, clients);
    expect(frames.length).toBeGreaterThan(1);
    const reader = new Awareness(new Y.Doc());
    for (const frame of frames) {
      expect(frame.byteLength).toBeLessThanOrEqual(SYNC_FRAME_MAX_BYTES);
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(messageAwareness);
      applyAwarenessUpdate(reader, decoding.readVarUint8Array(decoder), 'test');
    }
    expect([...reader.getStates().keys()].filter((c) => c !== reader.clientID).sort()).toEqual(clients);
  });

  it('answers a state of several MiB with update frames, its last one a sync step 2', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 1000; i++) doc.getArray('messages').push([{ id: `m${i}`, body: `${i} ${'€'.repeat(3996)}` }]);
    const frames = stateFrames(Y.encodeStateAsUpdate(doc));
    expect(frames.length).toBeGreaterThan(10);
    const copy = new Y.Doc();
    frames.forEach((frame, i) => {
      expect(frame.byteLength).toBeLessThanOrEqual(SYNC_FRAME_MAX_BYTES);
      const decoder = decoding.createDecoder(frame);
      expect(decoding.readVarUint(decoder)).toBe(messageSync);
      expect(decoding.readVarUint(decoder)).toBe(i === frames.length - 1 ? messageYjsSyncStep2 : messageYjsUpdate);
      Y.applyUpdate(copy, decoding.readVarUint8Array(decoder));
    });
    expect(copy.getArray('messages').toJSON()).toEqual(doc.getArray('messages').toJSON());
  });
});

