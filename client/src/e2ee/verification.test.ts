import type { Message } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from '../client.testing.js';
import type { VolleyClient } from '../volley-client.js';
import { CryptoDevice } from './crypto-device.js';
import type { Verification } from './verification.js';

/** Both sides read their inboxes until `done`: what the devices do as to-device messages reach them. */
async function settle(devices: CryptoDevice[], done: () => boolean): Promise<void> {
  for (let round = 0; round < 60 && !done(); round++) {
    for (const device of devices) await device.sync();
  }
  expect(done()).toBe(true);
}

/** `from` asks `to` (a device of `toUser`'s) to verify; `to` accepts; both get to their emoji. */
async function compare(from: CryptoDevice, to: CryptoDevice, toUser: string): Promise<[Verification, Verification]> {
  const asked = await from.verifications.start(toUser, to.deviceId);
  expect(asked.state).toBe('requested');
  // The asked device's app hears of the request when its inbox is read, without looking for it.
  const heard: number[] = [];
  const stop = to.verifications.onChange(() => heard.push(to.verifications.incoming().length));
  await to.sync();
  stop();
  expect(heard).toContain(1);
  const [incoming] = to.verifications.incoming();
  expect(incoming).toBeDefined();
  expect(incoming!.deviceId).toBe(from.deviceId);
  await incoming!.accept();
  await settle([from, to], () => asked.state === 'comparing' && incoming!.state === 'comparing');
  return [asked, incoming!];
}

describe('emoji verification', () => {
  const volley = testVolley();

  async function pair() {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const [aliceClient, bobClient] = await Promise.all([signedIn(volley(), alice), signedIn(volley(), bob)]);
    const device = (client: VolleyClient, userId: string, deviceId: string) => CryptoDevice.open({ api: client.api, userId, deviceId });
    const [aliceDevice, bobDevice] = await Promise.all([device(aliceClient, alice.id, 'ALICE1'), device(bobClient, bob.id, 'BOB1')]);
    return { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice, device };
  }

  async function say(client: VolleyClient, device: CryptoDevice, dm: string, members: string[], body: string): Promise<Message> {
    const conversation = await client.conversation(dm, 0);
    await conversation.whenSynced();
    const count = conversation.messages().length;
    await client.outbox().sendEncrypted(dm, await device.encrypt(dm, members, { body, msgtype: 'm.text' }));
    await waitFor(() => conversation.messages().length > count);
    return conversation.messages().at(-1)!;
  }

  it('two people see the same seven emoji; once both confirm, each reads the other’s messages as verified', async () => {
    const { alice, bob, dm, aliceClient, aliceDevice, bobDevice } = await pair();
    const before = await say(aliceClient, aliceDevice, dm, [alice.id, bob.id], 'before we compared');
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, before)).toMatchObject({ ok: true, trust: 'unverified' });
    expect(await aliceDevice.devicesOf(bob.id)).toEqual([{ deviceId: 'BOB1', verified: false, ownerSigned: true }]);

    const [asked, incoming] = await compare(aliceDevice, bobDevice, bob.id);
    expect(incoming.userId).toBe(alice.id);
    const emoji = asked.emoji()!;
    expect(emoji).toHaveLength(7);
    expect(emoji[0]).toEqual({ symbol: expect.any(String), description: expect.stringMatching(/^[A-Z]/), index: expect.any(Number) });
    // Each emoji's number in the specification's table: what the app names it by in the reader's language.
    for (const { index } of emoji) expect(index >= 0 && index < 64).toBe(true);
    expect(incoming.emoji()).toEqual(emoji);

    await asked.confirm();
    expect(asked.state).toBe('confirmed');
    await incoming.confirm();
    await settle([aliceDevice, bobDevice], () => asked.state === 'verified' && incoming.state === 'verified');

    const after = await say(aliceClient, aliceDevice, dm, [alice.id, bob.id], 'after we compared');
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, after)).toEqual({ ok: true, message: { body: 'after we compared', msgtype: 'm.text' }, trust: 'verified' });
    expect(await aliceDevice.devicesOf(bob.id)).toEqual([{ deviceId: 'BOB1', verified: true, ownerSigned: true }]);
  });

  it('a cancelled comparison leaves both unverified', async () => {
    const { alice, bob, dm, aliceClient, aliceDevice, bobDevice } = await pair();
    const [asked, incoming] = await compare(aliceDevice, bobDevice, bob.id);
    await asked.confirm();
    await incoming.cancel();
    await settle([aliceDevice, bobDevice], () => asked.state === 'cancelled' && incoming.state === 'cancelled');

    const message = await say(aliceClient, aliceDevice, dm, [alice.id, bob.id], 'were the emoji the same?');
    await bobDevice.sync();
    expect(await bobDevice.decrypt(dm, message)).toMatchObject({ ok: true, trust: 'unverified' });
    expect(await aliceDevice.devicesOf(bob.id)).toEqual([{ deviceId: 'BOB1', verified: false, ownerSigned: true }]);
  });

  it('a person’s new device, verified by their first, is signed as theirs, shows so to others, and is sent the keys of earlier messages', async () => {
    const { alice, bob, dm, aliceClient, bobClient, aliceDevice, bobDevice, device } = await pair();
    const [asked, incoming] = await compare(aliceDevice, bobDevice, bob.id);
    await Promise.all([asked.confirm(), incoming.confirm()]);
    await settle([aliceDevice, bobDevice], () => asked.state === 'verified' && incoming.state === 'verified');
    const earlier = await say(aliceClient, aliceDevice, dm, [alice.id, bob.id], 'before the new phone');
    await bobDevice.sync();

    const phone = await device(bobClient, bob.id, 'BOBPHONE');
    // As of her device's last read of its inbox, the phone is not known yet; reading it tells of the change.
    expect(await aliceDevice.devicesOf(bob.id, { sync: false })).toEqual([{ deviceId: 'BOB1', verified: true, ownerSigned: true }]);
    // Alice sees the phone before she encrypts anything for it: not verified.
    expect(await aliceDevice.devicesOf(bob.id)).toEqual([
      { deviceId: 'BOB1', verified: true, ownerSigned: true },
      { deviceId: 'BOBPHONE', verified: false, ownerSigned: false },
    ]);
    expect(await phone.decrypt(dm, earlier)).toEqual({ ok: false, reason: 'missing_key' });

    const [fromPhone, onLaptop] = await compare(phone, bobDevice, bob.id);
    expect(onLaptop.userId).toBe(bob.id);
    expect(fromPhone.emoji()).toEqual(onLaptop.emoji());
    await Promise.all([fromPhone.confirm(), onLaptop.confirm()]);
    await settle([phone, bobDevice], () => fromPhone.state === 'verified' && onLaptop.state === 'verified');

    expect(await aliceDevice.devicesOf(bob.id)).toEqual([
      { deviceId: 'BOB1', verified: true, ownerSigned: true },
      { deviceId: 'BOBPHONE', verified: true, ownerSigned: true },
    ]);
    // The phone asks its owner's other devices for the key it lacks; the laptop forwards it.
    await phone.decrypt(dm, earlier);
    let read = await phone.decrypt(dm, earlier);
    for (let round = 0; round < 20 && !read.ok; round++) {
      await phone.sync();
      await bobDevice.sync();
      await phone.sync();
      read = await phone.decrypt(dm, earlier);
    }
    expect(read).toMatchObject({ ok: true, message: { body: 'before the new phone' } });
  });
});
