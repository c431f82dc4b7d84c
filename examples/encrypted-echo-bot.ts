/**
 * The echo bot of encrypted DMs: answers each message of an end-to-end encrypted DM with the same
 * words, encrypted for the person's devices (docs/bots.md, "6. A bot in an encrypted DM").
 *
 *   VOLLEY_URL=http://localhost:8080 VOLLEY_TOKEN=vbt_… [VOLLEY_RECOVERY_KEY=…] npx tsx examples/encrypted-echo-bot.ts
 *
 * Its keys live in memory: the first start prints a recovery key; give it as VOLLEY_RECOVERY_KEY
 * to every later start, which then reads what came before and is signed as the bot's.
 */
import { pathToFileURL } from 'node:url';
import type { VolleyClient } from '@volley/client';
import { CryptoDevice } from '@volley/client/e2ee';
import { newId } from '@volley/shared';
import { listen, signIn } from './bot-client.js';

export interface EncryptedEchoBot {
  volley: VolleyClient;
  /** The key to give the next start. */
  recoveryKey: string;
  close(): Promise<void>;
}

export async function startEncryptedEchoBot(env: Record<string, string | undefined> = process.env): Promise<EncryptedEchoBot> {
  const volley = await signIn(env);
  const me = volley.user!;
  // A process is a device: a new one each start, the earlier ones' keys gone with them.
  const device = await CryptoDevice.open({ api: volley.api, userId: me.id, deviceId: `bot-${newId()}` });
  const recoveryKey = env.VOLLEY_RECOVERY_KEY ?? (await device.setUpRecovery());
  if (env.VOLLEY_RECOVERY_KEY && !(await device.recover(recoveryKey))) throw new Error('VOLLEY_RECOVERY_KEY does not open this bot’s keys');
  const { items } = await volley.api.request('GET', '/e2ee/devices', { schema: (s) => s.E2eeDeviceList });
  for (const stale of items.filter((d) => d.deviceId !== device.deviceId)) await volley.api.request('DELETE', `/e2ee/devices/${stale.deviceId}`);

  // One message at a time: the device's requests go out in order.
  let answering = Promise.resolve();
  await listen(volley, (message, conversation) => {
    if (message.kind !== 'encrypted') return;
    answering = answering.then(async () => {
      await device.sync();
      const read = await device.decrypt(conversation.convId, message);
      if (!read.ok) return console.error(`could not read ${message.id} (${read.reason})`);
      const reply = await device.encrypt(conversation.convId, [me.id, message.author], { body: read.message.body, msgtype: 'm.text' });
      const outcome = await volley.outbox().sendEncrypted(conversation.convId, reply);
      if (outcome.status === 'rejected') console.error(`not sent (${outcome.reason})`);
    }).catch((err: unknown) => console.error(`no answer to ${message.id}: ${String(err)}`));
  });
  if (!env.VOLLEY_RECOVERY_KEY) console.log(`recovery key, to give as VOLLEY_RECOVERY_KEY from now on: ${recoveryKey}`);
  console.log(`${me.username} is listening: write to it in an encrypted DM`);
  return {
    volley,
    recoveryKey,
    async close() {
      await answering;
      device.close();
      await volley.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await startEncryptedEchoBot();
