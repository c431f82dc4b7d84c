import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from '../client.testing.js';
import { CryptoDevice } from './crypto-device.js';
import { syncOnInboxSignal } from './inbox-signal.js';

describe('the device inbox signal', () => {
  const volley = testVolley();

  it('a device following its user room reads a message’s key as it is sent, without syncing by itself', async () => {
    const [{ person: alice }, { person: bob }] = await Promise.all([account(volley(), 'alice'), account(volley(), 'bob')]);
    const dm = (await alice.call('POST', '/conversations/dm', { userId: bob.id, encrypted: true })).body.id as string;
    const [aliceClient, bobClient] = await Promise.all([signedIn(volley(), alice), signedIn(volley(), bob)]);
    const aliceDevice = await CryptoDevice.open({ api: aliceClient.api, userId: alice.id, deviceId: 'ALICE1' });
    const bobDevice = await CryptoDevice.open({ api: bobClient.api, userId: bob.id, deviceId: 'BOB1' });
    const room = bobClient.userRoom();
    await room.whenSynced();
    const stop = syncOnInboxSignal(room, bobDevice);

    await aliceClient.outbox().sendEncrypted(dm, await aliceDevice.encrypt(dm, [alice.id, bob.id], { body: 'no need to ask', msgtype: 'm.text' }));
    const conversation = await bobClient.conversation(dm, 0);
    const message = await waitFor(() => conversation.messages()[0]);
    const read = await waitFor(async () => {
      const decrypted = await bobDevice.decrypt(dm, message);
      return decrypted.ok && decrypted;
    });
    expect(read).toMatchObject({ message: { body: 'no need to ask' } });
    stop();
  });
});
