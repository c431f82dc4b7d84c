/**
 * The echo bot: answers every message that mentions it with the same words.
 *
 *   VOLLEY_URL=http://localhost:8080 VOLLEY_TOKEN=vbt_… npx tsx examples/echo-bot.ts
 *
 * with a bot token from the bot owner’s settings. Then, in #general: "@<bot> hello".
 */
import { pathToFileURL } from 'node:url';
import type { VolleyClient } from '@volley/client';
import { listen, signIn } from './bot-client.js';

export async function startEchoBot(env: Record<string, string | undefined> = process.env): Promise<VolleyClient> {
  const volley = await signIn(env);
  const me = volley.user!;
  await listen(volley, async (message, conversation) => {
    if (!message.mentions?.includes(me.id)) return;
    const words = message.body.replaceAll(`@${me.username}`, '').trim() || '…';
    const outcome = await volley.outbox().reply(conversation.convId, message.id, words);
    if (outcome.status === 'rejected') console.error(`not sent (${outcome.reason})`);
  });
  console.log(`${me.username} is listening: mention @${me.username} in a conversation it is in`);
  return volley;
}

// Run as a script (not imported by a test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await startEchoBot();
