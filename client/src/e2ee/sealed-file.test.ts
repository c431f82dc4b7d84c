import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from '../client.testing.js';
import { CryptoDevice } from './crypto-device.js';
import { downloadSealed, openFile, sealFile, SealedFileError, sealedFilesOf, uploadSealed } from './sealed-file.js';

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
    const opened = await openFile(ciphertext, { id: 'x', ...sealed });
    expect([opened.type, Buffer.from(await opened.arrayBuffer()).equals(Buffer.from(await picture.arrayBuffer()))]).toEqual(['image/png', true]);
  });

  it('is refused when its bytes are not those the message names, or its key is another', async () => {
    const { ciphertext, sealed } = await sealFile(picture, about);
    const altered = new Uint8Array(await ciphertext.arrayBuffer());
    altered[10] = (altered[10] ?? 0) ^ 1;
    await expect(openFile(new Blob([altered]), { id: 'x', ...sealed })).rejects.toEqual(new SealedFileError('hash_mismatch'));
    const other = await sealFile(picture, about);
    await expect(openFile(ciphertext, { id: 'x', ...sealed, key: other.sealed.key })).rejects.toMatchObject({ reason: 'undecryptable' });
  });

  it('is read from a message defensively: entries without what opens them are left out', () => {
    const good = { id: 'a', name: 'n', type: 't', size: 1, key: { k: 'k' }, iv: 'i', hashes: { sha256: 'h' } };
    expect(sealedFilesOf({ files: [good, { ...good, iv: 3 }, null, 'x', { ...good, width: '9' }] })).toEqual([good]);
    expect(sealedFilesOf({ files: 'nope' })).toEqual([]);
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

    const file = await uploadSealed(aliceClient.api, dm, picture, about);
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
    await Promise.all([aliceClient.close(), bobClient.close()]);
  });
});
