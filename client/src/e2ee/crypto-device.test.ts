import type { Message } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from '../client.testing.js';
import type { VolleyClient } from '../volley-client.js';
import { CryptoDevice } from './crypto-device.js';

describe('an end-to-end encrypted DM', () => {
  const volley = testVolley();

  async function pair() {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const opened = await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true });
    expect(opened.status).toBe(201);
    expect(opened.body.encrypted).toBe(true);
    const dm = opened.body.id as string;
    const [aliceClient, bobClient] = await Promise.all([signedIn(volley(), alice), signedIn(volley(), bob)]);
    const device = (client: VolleyClient, userId: string, deviceId: string) => CryptoDevice.open({ api: client.api, userId, deviceId });
    const [aliceDevice, bobDevice] = await Promise.all([device(aliceClient, alice.id, 'ALICE1'), device(bobClient, bob.id, 'BOB1')]);
    return { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice, device };
  }

  async function received(client: VolleyClient, dm: string, count: number): Promise<Message[]> {
    const conversation = await client.conversation(dm, 0);
    await waitFor(() => conversation.messages().length >= count);
    return [...conversation.messages()];
  }

  it('carries a sticker inside the message, read with the bank’s address whatever address its sender wrote', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice } = await pair();
    const sticker = { id: '01JD0000000000000000000000', name: 'owl', width: 320, height: 160, url: 'https://elsewhere.example/track.png' };
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'owl', msgtype: 'm.text', sticker }));
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'not one', msgtype: 'm.text', sticker: { ...sticker, id: '../../auth/logout', width: 10 ** 9 } }));
    const [first, second] = await received(bobClient, dm, 2);
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, first!)).toMatchObject({ ok: true, message: { body: 'owl', sticker: { ...sticker, url: `/api/v1/stickers/${sticker.id}` } } });
    expect(await bobDevice.decrypt(dm, second!)).toEqual({ ok: true, message: { body: 'not one', msgtype: 'm.text' }, trust: 'unverified' });
  });

  it('reads its inbox one read at a time, however many ask at once, and reads what came meanwhile', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice } = await pair();
    // The inbox reads Bob's device makes, watched on their way to the server.
    const api = bobClient.api;
    const request = api.request.bind(api);
    let reading = 0;
    let most = 0;
    api.request = (async (...args: Parameters<typeof request>) => {
      const inbox = args[1].includes('/inbox');
      if (inbox) most = Math.max(most, ++reading);
      try {
        return await request(...args);
      } finally {
        if (inbox) reading--;
      }
    }) as typeof api.request;
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'at once', msgtype: 'm.text' }));
    const [message] = await received(bobClient, dm, 1);
    await Promise.all([bobDevice.sync(), bobDevice.sync(), bobDevice.sync()]);
    expect(most).toBe(1);
    expect(await bobDevice.decrypt(dm, message!)).toMatchObject({ ok: true, message: { body: 'at once' } });
  });

  it('carries a message its server cannot read, which the other person’s device reads', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice } = await pair();
    const encrypted = await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'the secret is tangerine', msgtype: 'm.text' });
    expect(await aliceClient.outbox().sendEncrypted(dm, encrypted)).toMatchObject({ status: 'accepted' });

    const [message] = await received(bobClient, dm, 1);
    expect(message).toMatchObject({ kind: 'encrypted', author: alice.id });
    expect(message!.body).not.toContain('tangerine');
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, message!)).toEqual({ ok: true, message: { body: 'the secret is tangerine', msgtype: 'm.text' }, trust: 'unverified' });

    // What the server keeps and serves: no word of it.
    const rows = await volley().db('messages').where({ conversation_id: dm });
    expect(JSON.stringify(rows)).not.toContain('tangerine');
    const history = await bob.call('GET', `/conversations/${dm}/messages`);
    expect(history.body.items[0]).toMatchObject({ kind: 'encrypted' });
    expect(JSON.stringify(history.body)).not.toContain('tangerine');
    const list = await bob.call('GET', '/conversations');
    expect(list.body.items.find((c: { id: string }) => c.id === dm).lastMessage).toMatchObject({ preview: '', author: alice.id });
    const search = await bob.call('GET', `/search/messages?q=tangerine`);
    expect(search.body.items ?? []).toEqual([]);
  });

  it('refuses plain text into the encrypted DM and ciphertext into a plain conversation, keeping what was written', async () => {
    const { alice, bob, dm, aliceClient, aliceDevice } = await pair();
    expect(await aliceClient.outbox().send(dm, 'in the clear')).toMatchObject({ status: 'rejected', reason: 'encryption_mismatch' });
    const plain = await alice.call('POST', '/channels', { name: `plain-${alice.id.slice(-6).toLowerCase()}`, access: 'public' });
    const encrypted = await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'misplaced', msgtype: 'm.text' });
    expect(await aliceClient.outbox().sendEncrypted(plain.body.id, encrypted)).toMatchObject({ status: 'rejected', reason: 'encryption_mismatch' });
  });

  it('refuses a message whose author the server rewrote, and explains a message sent before the device existed', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice, device } = await pair();
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'only for bob', msgtype: 'm.text' }));
    const [message] = await received(bobClient, dm, 1);
    await bobDevice.sync();
    // A server that says Bob wrote what Alice's device encrypted.
    expect(await bobDevice.decrypt(dm, { ...message!, author: bob.id })).toEqual({ ok: false, reason: 'unverified_sender' });
    // Or relays something that is not ciphertext at all.
    expect(await bobDevice.decrypt(dm, { ...message!, body: 'not json' })).toEqual({ ok: false, reason: 'unreadable' });
    // Bob's new device was not there when the session was shared.
    const later = await device(bobClient, bob.id, 'BOB2');
    await later.sync();
    expect(await later.decrypt(dm, message!)).toEqual({ ok: false, reason: 'missing_key' });
  });

  it('an encrypted edit replaces the ciphertext; the edited message reads anew', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice } = await pair();
    const sent = aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'first words', msgtype: 'm.text' }));
    await sent;
    const [message] = await received(bobClient, dm, 1);
    expect(await aliceClient.outbox().edit(dm, message!.id, 'plain edit')).toMatchObject({ status: 'rejected', reason: 'encryption_mismatch' });
    expect(await aliceClient.outbox().editEncrypted(dm, message!.id, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'second words', msgtype: 'm.text' }))).toMatchObject({ status: 'accepted' });
    const conversation = await bobClient.conversation(dm, 0);
    await waitFor(() => conversation.messages()[0]?.editedAt !== undefined);
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, conversation.messages()[0]!)).toMatchObject({ ok: true, message: { body: 'second words' } });
  });

  it('keeps deciding on its targets: only the author edits, a reaction is taken, a deletion takes the ciphertext from its readers', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice } = await pair();
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'mine to change', msgtype: 'm.text' }));
    const [message] = await received(bobClient, dm, 1);
    const forged = await bobDevice.encrypt(dm, [alice.id, bob.id], { body: 'words put in her mouth', msgtype: 'm.text' });
    expect(await bobClient.outbox().editEncrypted(dm, message!.id, forged)).toMatchObject({ status: 'rejected', reason: 'not_author' });
    expect(await bobClient.outbox().react(dm, message!.id, '👍')).toMatchObject({ status: 'accepted' });
    expect(await aliceClient.outbox().delete(dm, message!.id)).toMatchObject({ status: 'accepted' });
    // The row stays as the moderation log keeps every row, with ciphertext only; readers get nothing of it.
    const row = await volley().db('messages').where({ id: message!.id }).first();
    expect(row.deleted_at).not.toBeNull();
    expect(row.body).not.toContain('mine to change');
    const conversation = await bobClient.conversation(dm, 0);
    await waitFor(() => conversation.messages()[0]?.deletedAt !== undefined);
    expect(conversation.messages()[0]).toMatchObject({ body: '' });
  });

  it('relays no streamed chunk in an encrypted DM: they would be text the server reads', async () => {
    const { dm, aliceClient, bobClient } = await pair();
    const [writing, watching] = [await aliceClient.conversation(dm, 0), await bobClient.conversation(dm, 0)];
    await Promise.all([writing.whenSynced(), watching.whenSynced()]);
    const seen: string[] = [];
    watching.streams.add((streams) => seen.push(...streams.map((stream) => stream.text)));
    const reply = writing.stream();
    reply.append('thinking out loud');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen.filter((text) => text !== '')).toEqual([]);
    expect(await volley().db('messages').where({ conversation_id: dm })).toEqual([]);
  });
});

describe('history on a new device', () => {
  const volley = testVolley();

  it('a new device opened with the recovery key reads what came before it, signed as its owner’s; a wrong key opens nothing', async () => {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const [aliceClient, bobClient] = await Promise.all([signedIn(volley(), alice), signedIn(volley(), bob)]);
    const aliceDevice = await CryptoDevice.open({ api: aliceClient.api, userId: alice.id, deviceId: 'ALICE1' });
    const bobDevice = await CryptoDevice.open({ api: bobClient.api, userId: bob.id, deviceId: 'BOB1' });
    const recoveryKey = await bobDevice.setUpRecovery();
    expect(recoveryKey).toMatch(/^[A-Za-z0-9+/]{43}=?$/);
    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'before the new phone', msgtype: 'm.text' }));
    const conversation = await bobClient.conversation(dm, 0);
    await waitFor(() => conversation.messages().length === 1);
    const [message] = conversation.messages();
    // Bob's first device receives the key, and backs it up.
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, message!)).toMatchObject({ ok: true });
    bobDevice.close();

    const phone = await CryptoDevice.open({ api: bobClient.api, userId: bob.id, deviceId: 'BOBPHONE' });
    expect(await phone.decrypt(dm, message!)).toEqual({ ok: false, reason: 'missing_key' });
    expect(await phone.recover(recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
    expect(await phone.recover(recoveryKey)).toBe(true);
    expect(await phone.decrypt(dm, message!)).toMatchObject({ ok: true, message: { body: 'before the new phone' } });

    // Alice sees Bob's phone as his: signed by his cross-signing key.
    const keys = await alice.call('POST', '/e2ee/keys/query', { device_keys: { [`@${bob.id}:volley`]: ['BOBPHONE'] } });
    const signatures = keys.body.device_keys[`@${bob.id}:volley`].BOBPHONE.signatures[`@${bob.id}:volley`];
    expect(Object.keys(signatures)).toHaveLength(2);
  });
});
