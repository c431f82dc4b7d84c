import { account, botAccount, channelWithBot, signedIn, testVolley } from '@volley/client/testing';
import { waitFor } from '@volley/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLlmStandIn, type LlmStandIn } from './llm-stand-in.js';
import { startLocalAiBot } from './local-ai-bot.js';

const PIECES = ['Paris ', 'is ', 'the ', 'capital ', 'of ', 'France', '.'];
const ANSWER = PIECES.join('');

describe('the local-AI bot example', () => {
  const volley = testVolley();
  let llm: LlmStandIn;
  beforeAll(async () => {
    llm = await startLlmStandIn(PIECES, 250);
  });
  afterAll(() => llm.close());

  it('streams its answer to a mention: the reader sees it grow, then the final message once, in history too', async () => {
    const { bot, token } = await botAccount(volley(), 'ai');
    const running = await startLocalAiBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token, LLM_URL: llm.url, LLM_MODEL: 'stand-in' });
    try {
      const { person, general } = await account(volley(), 'alice');
      const alice = await signedIn(volley(), person);
      const conversation = await alice.conversation(general);
      await conversation.whenSynced();
      const grown: string[] = [];
      conversation.streams.add((streams) => streams.forEach((s) => s.author === bot.id && grown.push(s.text)));
      let typed = false;
      conversation.typing.add((people) => (typed ||= people.some((p) => p.userId === bot.id)));

      await alice.outbox().send(general, 'Some context first.');
      const asked = await alice.outbox().send(general, `@${bot.username} what is the capital of France?`);
      const reply = await waitFor(() => conversation.messages().find((m) => m.author === bot.id), 15_000);

      // It grew in steps the reader saw, each a beginning of the answer, before it was a message.
      const partial = grown.filter((text) => text !== ANSWER);
      expect(partial.length).toBeGreaterThanOrEqual(2);
      expect(partial.every((text) => ANSWER.startsWith(text))).toBe(true);
      expect(typed).toBe(true);
      expect(reply).toMatchObject({ body: ANSWER, replyTo: { id: asked.id } });
      expect(reply.editedAt).toBeUndefined();
      expect(conversation.liveStreams()).toEqual([]);

      const history = await conversation.history();
      expect(history.items.filter((m) => m.author === bot.id)).toMatchObject([{ id: reply.id, body: ANSWER, editedAt: null, incomplete: false }]);
      // The model got the conversation as context, the question last.
      expect(llm.requests[0]).toMatchObject({ model: 'stand-in', stream: true });
      expect(llm.requests[0]!.messages.at(-1)!.content).toContain('what is the capital of France?');
      expect(llm.requests[0]!.messages.map((m) => m.content).join('\n')).toContain('Some context first.');
    } finally {
      await running.close();
    }
  });

  it('answers in a channel it is invited to after it started', async () => {
    const { bot, token, owner } = await botAccount(volley(), 'ai');
    const running = await startLocalAiBot({ VOLLEY_URL: volley().url, VOLLEY_TOKEN: token, LLM_URL: llm.url, LLM_MODEL: 'stand-in' });
    try {
      const channel = await channelWithBot(owner, bot.id);
      const client = await signedIn(volley(), owner);
      const conversation = await client.conversation(channel);
      const asked = await client.outbox().send(channel, `@${bot.username} what is the capital of France?`);

      const reply = await waitFor(() => conversation.messages().find((m) => m.author === bot.id), 15_000);
      expect(reply).toMatchObject({ body: ANSWER, replyTo: { id: asked.id } });
    } finally {
      await running.close();
    }
  });
});
