import { describe, expect, it } from 'vitest';
import { botAccount, signedIn, testVolley, TestWebSocket, waitFor } from '../client.testing.js';
import { VolleyClient } from '../volley-client.js';
import { CryptoDevice } from './crypto-device.js';

describe('a bot in an encrypted DM', () => {
  const volley = testVolley();

  it('answers; restarted with nothing kept but its recovery key, it reads what came before and answers again, its old device removed', async () => {
    const { bot, token, owner } = await botAccount(volley(), 'secret');
    const dm = (await owner.call('POST', '/conversations/dm', { userId: bot.id, encrypted: true })).body.id as string;
    const person = await signedIn(volley(), owner);
    const ownerDevice = await CryptoDevice.open({ api: person.api, userId: owner.id, deviceId: 'OWNER1' });
    const members = [owner.id, bot.id];
    const heard = await person.conversation(dm, 0);

    /** One run of the bot's process: a client on its token and a device in memory. */
    async function run(deviceId: string): Promise<{ client: VolleyClient; device: CryptoDevice }> {
      const client = new VolleyClient({ url: volley().url, token, WebSocket: TestWebSocket });
      await client.me();
      return { client, device: await CryptoDevice.open({ api: client.api, userId: bot.id, deviceId }) };
    }
    /** The bot reads the newest message and answers it, encrypted. */
    async function answer({ client, device }: { client: VolleyClient; device: CryptoDevice }, count: number): Promise<string> {
      const conversation = await client.conversation(dm, 0);
      await waitFor(() => conversation.messages().length >= count);
      await device.sync();
      const read = await device.decrypt(dm, conversation.messages()[count - 1]!);
      if (!read.ok) return read.reason;
      await client.outbox().sendEncrypted(dm, await device.encrypt(dm, members, { body: `you said: ${read.message.body}`, msgtype: 'm.text' }));
      return read.message.body;
    }
    async function lastAnswer(count: number): Promise<unknown> {
      await waitFor(() => heard.messages().length >= count);
      await ownerDevice.sync();
      return ownerDevice.decrypt(dm, heard.messages()[count - 1]!);
    }

    const first = await run('BOT-1');
    const recoveryKey = await first.device.setUpRecovery();
    await person.outbox().sendEncrypted(dm, await ownerDevice.encrypt(dm, members, { body: 'ping', msgtype: 'm.text' }));
    expect(await answer(first, 1)).toBe('ping');
    expect(await lastAnswer(2)).toMatchObject({ ok: true, message: { body: 'you said: ping' } });
    // The process ends: nothing of the device is kept.
    first.device.close();
    await first.client.close();

    const second = await run('BOT-2');
    expect(await second.device.recover(recoveryKey)).toBe(true);
    const restarted = await second.client.conversation(dm, 0);
    const before = await waitFor(() => restarted.messages()[0]);
    expect(await second.device.decrypt(dm, before)).toEqual({ ok: true, message: { body: 'ping', msgtype: 'm.text' }, trust: 'unverified' });
    await second.client.api.request('DELETE', '/e2ee/devices/BOT-1');
    // Not verified by the owner, but signed with the bot's own key: the app takes it as the bot's without asking.
    expect(await ownerDevice.devicesOf(bot.id)).toEqual([{ deviceId: 'BOT-2', verified: false, ownerSigned: true }]);

    await person.outbox().sendEncrypted(dm, await ownerDevice.encrypt(dm, members, { body: 'still there?', msgtype: 'm.text' }));
    expect(await answer(second, 3)).toBe('still there?');
    expect(await lastAnswer(4)).toMatchObject({ ok: true, message: { body: 'you said: still there?' } });
    await second.client.close();
  });
});
