/**
 * A streamed reply from an OpenAI-compatible chat-completions endpoint — llama.cpp's server,
 * Ollama, vLLM all speak it: `POST {url}/v1/chat/completions` with `stream: true` answers with
 * server-sent events, `data: {"choices":[{"delta":{"content":"…"}}]}` lines, then `data: [DONE]`.
 */
import { z } from 'zod';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface Endpoint {
  url: string;
  model: string;
  apiKey?: string | undefined;
}

const Delta = z.object({ choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).optional() })) });

/** The reply's pieces as they come. */
export async function* completion(endpoint: Endpoint, messages: ChatMessage[]): AsyncGenerator<string> {
  const response = await fetch(new URL('/v1/chat/completions', endpoint.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
    body: JSON.stringify({ model: endpoint.model, messages, stream: true }),
  });
  if (!response.ok || !response.body) throw new Error(`chat completions answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      buffer += read.value;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') return;
        const event = Delta.safeParse(JSON.parse(data));
        const content = event.success ? event.data.choices[0]?.delta?.content : undefined;
        if (content) yield content;
      }
    }
  } finally {
    // Stopped early ([DONE], or the caller gave up): the connection is let go.
    void reader.cancel().catch(() => undefined);
  }
}
