/**
 * The local-AI bot: when mentioned, streams a reply from a local model — the conversation's last
 * few messages as the context — so everyone watching sees it being written, and it is recorded as
 * one message at the end.
 *
 *   llama-server -m model.gguf --port 8081        (or: ollama serve, then LLM_URL=http://127.0.0.1:11434)
 *   VOLLEY_URL=http://localhost:8080 VOLLEY_TOKEN=vbt_… LLM_URL=http://127.0.0.1:8081 LLM_MODEL=local \
 *     npx tsx examples/local-ai-bot.ts
 *
 * LLM_API_KEY is sent as a bearer token when set; CONTEXT_MESSAGES (default 10) is how far back it reads.
 */
import { pathToFileURL } from 'node:url';
import type { Conversation, VolleyClient } from '@volley/client';
import type { Message, PublicUser } from '@volley/shared';
import { z } from 'zod';
import { listen, signIn } from './bot-client.js';
import { completion, type ChatMessage, type Endpoint } from './chat-completions.js';

const LlmEnv = z.object({
  LLM_URL: z.url().default('http://127.0.0.1:11434'),
  LLM_MODEL: z.string().min(1).default('llama3.2'),
  LLM_API_KEY: z.string().optional(),
  CONTEXT_MESSAGES: z.coerce.number().int().min(1).max(100).default(10),
});

export async function startLocalAiBot(env: Record<string, string | undefined> = process.env): Promise<VolleyClient> {
  const llm = LlmEnv.parse(env);
  const endpoint: Endpoint = { url: llm.LLM_URL, model: llm.LLM_MODEL, apiKey: llm.LLM_API_KEY };
  const volley = await signIn(env);
  const me = volley.user!;
  // One reply at a time: a session streams one message per conversation at once.
  let turn = Promise.resolve();
  await listen(volley, (message, conversation) => {
    if (!message.mentions?.includes(me.id)) return;
    turn = turn.then(() => answer(conversation, message, me, endpoint, llm.CONTEXT_MESSAGES));
  });
  console.log(`${me.username} is listening (${endpoint.model} at ${endpoint.url}): mention @${me.username}`);
  return volley;
}

async function answer(conversation: Conversation, question: Message, me: PublicUser, endpoint: Endpoint, contextSize: number): Promise<void> {
  const recent = conversation.messages().filter((m) => m.seq <= question.seq && !m.deletedAt).slice(-contextSize);
  const messages: ChatMessage[] = [
    { role: 'system', content: `You are ${me.username}, a helpful bot in a group chat. Answer briefly, in the language you are asked in.` },
    ...recent.map((m): ChatMessage => (m.author === me.id ? { role: 'assistant', content: m.body } : { role: 'user', content: `${m.authorName}: ${m.body}` })),
  ];
  const reply = conversation.stream({ replyTo: question.id });
  // "typing…" while the model thinks, before its first words show.
  conversation.setTyping(true);
  try {
    for await (const piece of completion(endpoint, messages)) reply.append(piece);
  } catch (err) {
    // What came before the failure is still worth sending.
    console.error('the model failed:', err);
  } finally {
    conversation.setTyping(false);
  }
  if (reply.text.trim() === '') return reply.abort();
  const outcome = await reply.end();
  if (outcome.status === 'rejected') console.error(`reply not sent (${outcome.reason})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await startLocalAiBot();
