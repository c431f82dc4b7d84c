/** How both example bots sign in, from the environment: VOLLEY_URL and VOLLEY_TOKEN (a bot token). */
import { VolleyClient, type Conversation, type WebSocketConstructor } from '@volley/client';
import type { Message } from '@volley/shared';
import WebSocket from 'ws';
import { z } from 'zod';

const BotEnv = z.object({ VOLLEY_URL: z.url(), VOLLEY_TOKEN: z.string().startsWith('vbt_', 'a bot token (vbt_…), from the bot owner’s settings') });

/** A client signed in as the bot (`volley.user` is set). */
export async function signIn(env: Record<string, string | undefined>): Promise<VolleyClient> {
  const parsed = BotEnv.safeParse(env);
  if (!parsed.success) throw new Error(`set VOLLEY_URL and VOLLEY_TOKEN: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  // Node 20 has no global WebSocket: the ws package's fits.
  const volley = new VolleyClient({ url: parsed.data.VOLLEY_URL, token: parsed.data.VOLLEY_TOKEN, WebSocket: WebSocket as unknown as WebSocketConstructor });
  await volley.me();
  return volley;
}

/** Calls `heard` for each new message in every conversation the bot is in (not for those there before it came). */
export async function listen(volley: VolleyClient, heard: (message: Message, conversation: Conversation) => void): Promise<void> {
  for (const { id, headSegment } of await volley.api.conversations()) {
    const conversation = await volley.conversation(id, headSegment);
    await conversation.whenSynced();
    conversation.message.add((message) => message.author !== volley.user?.id && heard(message, conversation));
  }
}
