import { account, botAccount, channelWithBot, signedIn, testVolley } from '@volley/client/testing';
import { waitFor } from '@volley/server/testing';
import { describe, expect, it } from 'vitest';
import { startEchoBot } from './echo-bot.js';

describe('the echo bot example', () => {
  const volley = testVolley();

  it('answers a message that mentions it with the same words, as a reply, and nothing else', async () => {
    // A bot account and its token, as its owner makes them in settings.
    const { bot, token } = await botAccount(volley(), 'echo');
    const running = await startEchoBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token });
    try {
      const { person, general } = await account(volley(), 'alice');
      const alice = await signedIn(volley(), person);
      const conversation = await alice.conversation(general);
      await alice.outbox().send(general, 'nobody asked the bot');
      const asked = await alice.outbox().send(general, `@${bot.username} hello there`);
      expect(asked.status).toBe('accepted');

      const echo = await waitFor(() => conversation.messages().find((m) => m.author === bot.id));
      expect(echo).toMatchObject({ body: 'hello there', replyTo: { id: asked.id } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(conversation.messages().filter((m) => m.author === bot.id)).toHaveLength(1);
    } finally {
      await running.close();
    }
  });

  it('answers in a channel it is invited to after it started', async () => {
    const { bot, token, owner } = await botAccount(volley(), 'echo');
    const running = await startEchoBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token });
    try {
      const channel = await channelWithBot(owner, bot.id);
      const client = await signedIn(volley(), owner);
      const conversation = await client.conversation(channel);
      const asked = await client.outbox().send(channel, `@${bot.username} are you here?`);
      expect(asked.status).toBe('accepted');

      const echo = await waitFor(() => conversation.messages().find((m) => m.author === bot.id), 15_000);
      expect(echo).toMatchObject({ body: 'are you here?', replyTo: { id: asked.id } });
    } finally {
      await running.close();
    }
  });
});
