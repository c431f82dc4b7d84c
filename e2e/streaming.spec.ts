import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { startLlmStandIn } from '../examples/llm-stand-in.js';
import { startLocalAiBot } from '../examples/local-ai-bot.js';
import { messages, newUser, nodeClient, send, serviceWorkerControls, userInBrowser } from './support.js';

/** A bot and a read-write token for it, made by a new owner through the api the Bots settings use. */
async function botAccount(baseURL: string | undefined, prefix: string): Promise<{ username: string; token: string }> {
  const call = async <T>(path: string, body: unknown, token?: string): Promise<T> => {
    const res = await fetch(`${baseURL}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as T;
  };
  const owner = await call<{ accessToken: string }>('/auth/register', newUser('owner'));
  const username = newUser(prefix).username;
  const bot = await call<{ id: string }>('/bots', { username }, owner.accessToken);
  const made = await call<{ token: string }>(`/bots/${bot.id}/tokens`, { name: 'e2e', scope: { access: 'read_write', conversations: null } }, owner.accessToken);
  return { username, token: made.token };
}

test('a user mentions the local-AI bot, watches its reply grow, then reads the final text offline after a reload; another user sees it too', async ({ browser, baseURL }) => {
  const stamp = randomBytes(3).toString('hex');
  const pieces = [`Streaming ${stamp} `, 'means ', 'you ', 'watch ', 'the ', 'answer ', 'being ', 'written', '.'];
  const answer = pieces.join('');
  // A model that takes its time and holds its last piece until the reply has been seen half-written.
  const llm = await startLlmStandIn(pieces, 100, { holdLast: true });
  const bot = await botAccount(baseURL, 'ai');
  const running = await startLocalAiBot({ VOLLEY_URL: baseURL, VOLLEY_TOKEN: bot.token, LLM_URL: llm.url, LLM_MODEL: 'stand-in' });

  try {
    const alice = await userInBrowser(browser, 'alice');
    const bob = await userInBrowser(browser, 'bob');
    await send(alice.page, `@${bot.username} what does streaming mean? ${stamp}`);

    // Half-written: the beginning is there, marked as being written, the end not yet.
    const growing = messages(alice.page, `Streaming ${stamp} means`);
    await expect(growing.getByTestId('streaming-mark')).toBeVisible();
    await expect(growing).not.toContainText(answer);
    llm.release();

    const final = messages(alice.page, answer);
    await expect(final).toHaveCount(1, { timeout: 20_000 });
    await expect(final.getByTestId('streaming-mark')).toHaveCount(0);
    await expect(final.getByTestId('edited-mark')).toHaveCount(0);
    await expect(final).toContainText(bot.username);

    await serviceWorkerControls(alice.page);
    await alice.context.setOffline(true);
    await alice.page.reload();
    await expect(messages(alice.page, answer)).toHaveCount(1);
    await expect(messages(alice.page, answer).getByTestId('edited-mark')).toHaveCount(0);

    await expect(messages(bob.page, answer)).toHaveCount(1);
    await bob.page.reload();
    await expect(messages(bob.page, answer)).toHaveCount(1);
    await alice.context.close();
    await bob.context.close();
  } finally {
    await running.close();
    await llm.close();
  }
});

test('a reply whose writer vanished is shown as it stood, marked “(incomplete)”, once the server gives up on it', async ({ browser, baseURL }) => {
  const writer = await botAccount(baseURL, 'quitter');
  const volley = nodeClient(baseURL, { token: writer.token });
  await volley.me();
  const general = (await volley.api.conversations()).find((c) => c.kind === 'world')!;
  const conversation = await volley.conversation(general.id, general.headSegment);
  await conversation.whenSynced();
  const alice = await userInBrowser(browser, 'alice');

  const text = `I was about to say ${randomBytes(3).toString('hex')}`;
  conversation.stream().append(text);
  await expect(messages(alice.page, text).getByTestId('streaming-mark')).toBeVisible();
  // The writer's sockets close mid-reply: its text leaves the screen, and comes back as a message 30 s after its last change.
  await volley.close();
  const recorded = messages(alice.page, text);
  await expect(recorded.getByTestId('incomplete-mark')).toHaveText('(incomplete)', { timeout: 45_000 });
  await expect(recorded).toHaveCount(1);
  await expect(recorded.getByTestId('streaming-mark')).toHaveCount(0);
  await alice.context.close();
});
