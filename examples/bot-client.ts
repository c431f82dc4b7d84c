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

/**
 * Calls `heard` for each new message in every conversation the bot is in: those it was in when it
 * started (not for the messages there before it came), and those it joins later (a channel it is
 * invited to: from the message that brought it there). A conversation it leaves is let go.
 */
export async function listen(volley: VolleyClient, heard: (message: Message, conversation: Conversation) => void): Promise<void> {
  const open = new Map<string, Conversation>();
  const mine = (message: Message) => message.author !== volley.user?.id;
  volley.joined.add(({ conversation: { id, headSegment }, since }) => {
    void volley.conversation(id, headSegment).then((conversation) => {
      open.set(id, conversation);
      const news = (message: Message) => mine(message) && message.seq >= since && heard(message, conversation);
      conversation.message.add(news);
      // Read from a local copy already: told before the listener was there.
      conversation.messages().forEach(news);
    });
  });
  volley.left.add((id) => {
    open.get(id)?.close();
    open.delete(id);
  });
  for (const { id, headSegment } of await volley.conversations()) {
    const conversation = await volley.conversation(id, headSegment);
    open.set(id, conversation);
    await conversation.whenSynced();
    conversation.message.add((message) => mine(message) && heard(message, conversation));
  }
}
