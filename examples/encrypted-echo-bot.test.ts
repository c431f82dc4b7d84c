import { botAccount, signedIn, testVolley } from '@volley/client/testing';
import { CryptoDevice } from '@volley/client/e2ee';
import { waitFor } from '@volley/server/testing';
import { describe, expect, it, vi } from 'vitest';
import { startEncryptedEchoBot } from './encrypted-echo-bot.js';

describe('the encrypted echo bot example', () => {
  const volley = testVolley();

  it('echoes in an encrypted DM; started again with its recovery key, it echoes again from one device', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { bot, token, owner } = await botAccount(volley(), 'hush');
    const first = await startEncryptedEchoBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token });
    const dm = (await owner.call('POST', '/conversations/dm', { userId: bot.id, encrypted: true })).body.id as string;
    const person = await signedIn(volley(), owner);
    const mine = await CryptoDevice.open({ api: person.api, userId: owner.id, deviceId: 'OWNER1' });
    const conversation = await person.conversation(dm, 0);
    async function ask(body: string, count: number): Promise<unknown> {
      await person.outbox().sendEncrypted(dm, await mine.encrypt(dm, [owner.id, bot.id], { body, msgtype: 'm.text' }));
      const echo = await waitFor(() => conversation.messages()[count], 15_000);
      expect(echo.author).toBe(bot.id);
      await mine.sync();
      return mine.decrypt(dm, echo);
    }

    expect(await ask('is this between us?', 1)).toMatchObject({ ok: true, message: { body: 'is this between us?' } });
    await first.close();

    const second = await startEncryptedEchoBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token, VOLLEY_RECOVERY_KEY: first.recoveryKey });
    try {
      expect(await ask('and now?', 3)).toMatchObject({ ok: true, message: { body: 'and now?' } });
      expect(await mine.devicesOf(bot.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  }, 60_000);
});
