import { describe, expect, it } from 'vitest';
import type { FileSealer } from '../file-outbox.js';
import { account, signedIn, testVolley, waitFor } from '../client.testing.js';
import { CryptoDevice } from './crypto-device.js';
import { deviceSealer } from './device-sealer.js';
import { downloadSealed, downloadThumbnail, openFile, sealFile, SealedFileError, sealedFilesOf, uploadSealed } from './sealed-file.js';

const picture = new Blob([new Uint8Array(1000).map((_, i) => i % 251)], { type: 'image/png' });
const about = { name: 'holiday.png', type: 'image/png', width: 40, height: 25 };

describe('an encrypted file', () => {
  it('opens with its message’s key into the bytes sent, which the ciphertext does not show', async () => {
    const { ciphertext, sealed } = await sealFile(picture, about);
    expect(sealed).toMatchObject({ ...about, size: 1000, key: { alg: 'A256GCM' } });
    // AES-GCM: the same length plus its 16-byte tag, and none of the bytes' runs.
    expect(ciphertext.size).toBe(1016);
    expect(Buffer.from(await ciphertext.arrayBuffer()).includes(Buffer.from(await picture.arrayBuffer()).subarray(0, 16))).toBe(false);
    expect(Buffer.from(atob(sealed.iv), 'latin1')).toHaveLength(12);
    const opened = await openFile(ciphertext, sealed);
    expect([opened.type, Buffer.from(await opened.arrayBuffer()).equals(Buffer.from(await picture.arrayBuffer()))]).toEqual(['image/png', true]);
  });

  it('is refused when its bytes are not those the message names, or its key is another', async () => {
    const { ciphertext, sealed } = await sealFile(picture, about);
    const altered = new Uint8Array(await ciphertext.arrayBuffer());
    altered[10] = (altered[10] ?? 0) ^ 1;
    await expect(openFile(new Blob([altered]), sealed)).rejects.toEqual(new SealedFileError('hash_mismatch'));
    const other = await sealFile(picture, about);
    await expect(openFile(ciphertext, { ...sealed, key: other.sealed.key })).rejects.toMatchObject({ reason: 'undecryptable' });
  });

  it('is read from a message defensively: entries without what opens them are left out', () => {
    const good = { id: 'a', name: 'n', type: 't', size: 1, key: { k: 'k' }, iv: 'i', hashes: { sha256: 'h' } };
    expect(sealedFilesOf({ files: [good, { ...good, iv: 3 }, null, 'x', { ...good, width: '9' }] })).toEqual([good]);
    expect(sealedFilesOf({ files: 'nope' })).toEqual([]);
    // A thumbnail without what opens it is dropped, its file kept.
    const thumbnail = { type: 'image/webp', size: 1, width: 2, height: 1, key: { k: 'k' }, iv: 'i', hashes: { sha256: 'h' } };
    expect(sealedFilesOf({ files: [{ ...good, thumbnail }, { ...good, thumbnail: { ...thumbnail, iv: null } }] })).toEqual([{ ...good, thumbnail }, good]);
  });
});

describe('an encrypted file between a bot and a person', () => {
  const volley = testVolley();

  it('is uploaded as ciphertext with no name, named inside the message, and read by the other device', async () => {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const [aliceClient, bobClient] = await Promise.all([signedIn(volley(), alice), signedIn(volley(), bob)]);
    const [aliceDevice, bobDevice] = await Promise.all([
      CryptoDevice.open({ api: aliceClient.api, userId: alice.id, deviceId: 'ALICE1' }),
      CryptoDevice.open({ api: bobClient.api, userId: bob.id, deviceId: 'BOB1' }),
    ]);

    // The thumbnail is the sender's to make: the server sees only ciphertext.
    const small = new Blob([new Uint8Array(100).fill(7)], { type: 'image/webp' });
    const file = await uploadSealed(aliceClient.api, dm, picture, about, { thumbnail: { blob: small, width: 4, height: 2 } });
    expect(file.thumbnail).toMatchObject({ type: 'image/webp', size: 100, width: 4, height: 2 });
    const encrypted = await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'look', msgtype: 'm.text', files: [file] });
    expect(await aliceClient.outbox().sendEncrypted(dm, encrypted, { attachments: [file.id] })).toMatchObject({ status: 'accepted' });

    const stored = await volley().db('attachments').where({ id: file.id }).first();
    expect(stored).toMatchObject({ name: 'encrypted', type: 'application/octet-stream', size: 1016 });
    expect(JSON.stringify(await volley().db('messages').where({ conversation_id: dm }))).not.toContain('holiday');

    const conversation = await bobClient.conversation(dm, 0);
    const message = await waitFor(() => conversation.messages()[0]);
    await bobDevice.sync();
    const read = await bobDevice.decrypt(dm, message);
    if (!read.ok) throw new Error(read.reason);
    expect(read.message.files).toEqual([file]);
    const opened = await downloadSealed(bobClient.api, read.message.files![0]!);
    expect(Buffer.from(await opened.arrayBuffer()).equals(Buffer.from(await picture.arrayBuffer()))).toBe(true);
    const thumbnail = await downloadThumbnail(bobClient.api, { ...read.message.files![0]!, thumbnail: read.message.files![0]!.thumbnail! });
    expect([thumbnail.type, Buffer.from(await thumbnail.arrayBuffer()).equals(Buffer.from(await small.arrayBuffer()))]).toEqual(['image/webp', true]);
    expect(Number((await volley().db('attachments').where({ id: file.id }).first()).thumbnail_size)).toBe(116);
    await Promise.all([aliceClient.close(), bobClient.close()]);
  });

  it('waits offline in the file outbox, then is uploaded as ciphertext and sent encrypted once, read by the other device', async () => {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const network = { up: true, uploads: 0 };
    const flaky: typeof fetch = async (input, init) => {
      if (!network.up) throw new TypeError('fetch failed');
      if (String(input).includes('/attachments') && init?.method === 'POST') network.uploads++;
      return fetch(input, init);
    };
    let sealer: FileSealer | undefined;
    const aliceClient = await signedIn(volley(), alice, { fetch: flaky, sealer: async () => sealer! });
    const bobClient = await signedIn(volley(), bob);
    const [aliceDevice, bobDevice] = await Promise.all([
      CryptoDevice.open({ api: aliceClient.api, userId: alice.id, deviceId: 'ALICE1' }),
      CryptoDevice.open({ api: bobClient.api, userId: bob.id, deviceId: 'BOB1' }),
    ]);
    sealer = deviceSealer(aliceClient.api, aliceDevice, async () => [alice.id, bob.id]);

    network.up = false;
    const sending = aliceClient.files().send(dm, 'from the train', [{ blob: picture, name: 'holiday.png' }], { sealed: true });
    await sending.stored;
    // Nothing left while offline: the message waits with its file, its text as I wrote it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([network.uploads, aliceClient.files().entries().get(sending.id)?.body]).toEqual([0, 'from the train']);

    network.up = true;
    aliceClient.files().online();
    expect(await sending).toMatchObject({ id: sending.id, status: 'accepted' });
    expect(network.uploads).toBe(1);
    const row = await volley().db('messages').where({ id: sending.id }).first();
    expect(row).toMatchObject({ kind: 'encrypted' });
    expect(JSON.stringify(row)).not.toMatch(/holiday|train/);
    const [stored] = await volley().db('attachments').where({ message_id: sending.id });
    expect(stored).toMatchObject({ name: 'encrypted', type: 'application/octet-stream', size: 1016 });

    const conversation = await bobClient.conversation(dm, 0);
    const message = await waitFor(() => conversation.messages().find((m) => m.id === sending.id));
    await bobDevice.sync();
    const read = await bobDevice.decrypt(dm, message);
    if (!read.ok) throw new Error(read.reason);
    expect(read.message).toMatchObject({ body: 'from the train', msgtype: 'm.text', files: [{ id: stored.id, name: 'holiday.png', type: 'image/png', size: 1000 }] });
    const opened = await downloadSealed(bobClient.api, read.message.files![0]!);
    expect(Buffer.from(await opened.arrayBuffer()).equals(Buffer.from(await picture.arrayBuffer()))).toBe(true);
    await Promise.all([aliceClient.close(), bobClient.close()]);
  });
});
