/**
 * Test support: a stand-in for an OpenAI-compatible chat-completions server (llama.cpp, Ollama),
 * a real HTTP server on a free port that streams its answer as server-sent events, a piece every
 * `delayMs`, and keeps the requests it got. With `holdLast`, the last piece waits for `release()`,
 * so a test sees the answer half-written however slow the machine.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LlmStandIn {
  url: string;
  requests: { model: string; stream: boolean; messages: { role: string; content: string }[] }[];
  /** Lets the held last piece go (with `holdLast`). */
  release(): void;
  close(): Promise<void>;
}

const body = async (request: IncomingMessage): Promise<string> => {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
};

export async function startLlmStandIn(pieces: readonly string[], delayMs = 150, options: { holdLast?: boolean } = {}): Promise<LlmStandIn> {
  const requests: LlmStandIn['requests'] = [];
  let release!: () => void;
  const released = options.holdLast ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const server = createServer(async (request, response) => {
    if (request.method !== 'POST' || request.url !== '/v1/chat/completions') return void response.writeHead(404).end();
    requests.push(JSON.parse(await body(request)));
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const [index, content] of pieces.entries()) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (index === pieces.length - 1) await released;
      response.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`);
    }
    response.end('data: [DONE]\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    release: () => release?.(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
