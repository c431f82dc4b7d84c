import { describe, expect, it } from 'vitest';
import type { DecryptedMessage } from '../db/db.js';
import { describedFiles, readTimeline } from './encrypted-timeline.js';
import type { TimelineItem } from './timeline.js';

const sealedBody = (cipher: string) => JSON.stringify({ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: cipher, sender_key: 'k', device_id: 'd', session_id: 's' });
const item = (id: string, extra: Partial<TimelineItem> = {}): TimelineItem => ({
  id,
  seq: 1,
  author: 'bob',
  authorName: 'bob',
  at: '2026-11-28T06:00:00.000Z',
  body: sealedBody(`c-${id}`),
  kind: 'encrypted',
  status: 'sent',
  mine: false,
  changing: false,
  failed: [],
  ...extra,
});
const row = (id: string, extra: Partial<DecryptedMessage> = {}): DecryptedMessage => ({ id, convId: 'conv', cipher: `c-${id}`, author: 'bob', body: `text of ${id}`, me: false, trust: 'unverified', ...extra });
const read = (...rows: DecryptedMessage[]) => new Map(rows.map((r) => [r.id, r]));

describe('an encrypted conversation as this device reads it', () => {
  it('shows what the device read, with how sure it is of the author; never the ciphertext', () => {
    const { items, toRead } = readTimeline([item('a'), item('b')], read(row('a', { trust: 'verified' })));
    expect(items[0]).toMatchObject({ body: 'text of a', kind: 'text', sealed: { trust: 'verified' } });
    expect(items[1]).toMatchObject({ body: '', kind: 'text', sealed: { reason: 'decrypting' } });
    expect(toRead.map((i) => i.id)).toEqual(['b']);
  });

  it('says why a message shows no text, and does not ask again on every render for a key still missing', () => {
    const { items, toRead } = readTimeline([item('a')], read(row('a', { body: '', reason: 'missing_key' })));
    expect(items[0]).toMatchObject({ body: '', sealed: { reason: 'missing_key' } });
    expect(toRead).toEqual([]);
  });

  it('refuses a message read as someone else’s: a server that names another author since is lying; one kept without its author, or not read under another, is read again', () => {
    const renamed = { author: 'carol', authorName: 'carol' };
    const { items, toRead } = readTimeline([item('a', renamed), item('b'), item('c', renamed)], read(row('a', { trust: 'verified' }), row('b', { author: undefined }), row('c', { body: '', reason: 'unverified_sender' })));
    expect(items[0]).toMatchObject({ body: '', kind: 'text', sealed: { reason: 'unverified_sender' } });
    expect(items[1]).toMatchObject({ body: '', sealed: { reason: 'decrypting' } });
    expect(items[2]).toMatchObject({ body: '', sealed: { reason: 'unverified_sender' } });
    expect(toRead.map((i) => i.id)).toEqual(['b', 'c']);
  });

  it('reads an edit anew: the ciphertext changed', () => {
    const { items, toRead } = readTimeline([item('a', { body: sealedBody('c-edited'), editedAt: '2026-11-28T06:01:00.000Z' })], read(row('a')));
    expect(items[0]?.sealed).toEqual({ reason: 'decrypting' });
    expect(toRead.map((i) => i.id)).toEqual(['a']);
  });

  it('shows my words on their way, and accepted but not back yet, as I typed them, and an action as an action', () => {
    const pending = item('p', { kind: undefined, body: '', status: 'pending', mine: true, seq: undefined });
    const accepted = item('q', { kind: undefined, body: '', status: 'sent', mine: true, seq: undefined });
    const mine = (id: string, body: string) => row(id, { body, me: true, trust: 'verified' });
    const { items } = readTimeline([pending, accepted, item('m')], read(mine('p', 'on its way'), mine('q', 'taken'), row('m', { body: 'waves', emote: true })));
    expect(items[0]).toMatchObject({ body: 'on its way', status: 'pending' });
    expect(items[1]).toMatchObject({ body: 'taken', status: 'sent', sealed: { trust: 'verified' } });
    expect(items[2]).toMatchObject({ body: 'waves', kind: 'me' });
  });

  it('shows files as the message describes them (a harmless name), never the ciphertext the server names, and none before it is read', () => {
    const relayed = [{ id: 'f1', name: 'encrypted', type: 'application/octet-stream', size: 1016 }];
    const file = { id: 'f1', name: '\u202Eevil/gnp.exe', type: 'image/png', size: 1000, width: 40, height: 25, key: { kty: 'oct' as const, alg: 'A256GCM' as const, k: 'k', key_ops: ['encrypt', 'decrypt'], ext: true as const }, iv: 'i', hashes: { sha256: 'h' } };
    const { items } = readTimeline([item('a', { attachments: relayed }), item('b', { attachments: relayed })], read(row('a', { files: [file] })));
    expect(items[0]?.attachments).toEqual([{ id: 'f1', name: 'evil_gnp.exe', type: 'image/png', size: 1000, width: 40, height: 25, sealed: file }]);
    expect(items[1]?.attachments).toBeUndefined();
  });

  it('lists the conversation’s files by what their messages say, and those this device could not read as the server names them', () => {
    const listed = [
      { id: 'f1', name: 'encrypted', type: 'application/octet-stream', size: 1016, messageId: 'a' },
      { id: 'f2', name: 'encrypted', type: 'application/octet-stream', size: 99, messageId: 'b' },
    ];
    const file = { id: 'f1', name: 'plan.pdf', type: 'application/pdf', size: 1000, key: { kty: 'oct' as const, alg: 'A256GCM' as const, k: 'k', key_ops: [], ext: true as const }, iv: 'i', hashes: { sha256: 'h' } };
    expect(describedFiles(listed, [row('a', { files: [file] })])).toEqual([{ ...listed[0], name: 'plan.pdf', type: 'application/pdf', size: 1000, sealed: file }, listed[1]]);
  });

  it('leaves plain messages (from before encryption was turned on) and deleted ones as they are', () => {
    const plain = item('x', { kind: 'text', body: 'said in the clear' });
    const deleted = item('d', { body: '', deletedAt: '2026-11-28T06:02:00.000Z' });
    const { items, toRead } = readTimeline([plain, deleted], read());
    expect(items).toEqual([plain, deleted]);
    expect(toRead).toEqual([]);
  });
});
