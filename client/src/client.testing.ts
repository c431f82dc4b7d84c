/**
 * Test support: the embedded Volley (server/src/testing.ts) and clients of this library on it,
 * signed in with a password like a bot or the PWA, over `ws` (Node 20 has no global WebSocket).
 */
import { register, type Person, type TestVolley } from '@volley/server/testing';
import WebSocket from 'ws';
import { VolleyClient, type VolleyClientOptions } from './volley-client.js';
import type { WebSocketConstructor } from './websocket.js';

export const PASSWORD = 'correct horse battery';

const clients: VolleyClient[] = [];

/** Every socket the clients of a test opened, by URL: what the server saw. */
export const opened: string[] = [];

class CountedWebSocket extends WebSocket {
  constructor(url: string, protocols: string[]) {
    super(url, protocols);
    opened.push(url);
    this.on('error', () => undefined);
  }
}

export const TestWebSocket = CountedWebSocket as unknown as WebSocketConstructor;

/** A client of `volley` signed in as `person`. */
export async function signedIn(volley: TestVolley, person: Person, options: Partial<VolleyClientOptions> = {}): Promise<VolleyClient> {
  const client = new VolleyClient({ url: volley.url, WebSocket: TestWebSocket, ...options });
  clients.push(client);
  await client.signIn({ login: person.username, password: PASSWORD });
  return client;
}

/** A registered account and its #general (the world conversation). */
export async function account(volley: TestVolley, prefix: string): Promise<{ person: Person; general: string }> {
  const person = await register(volley, prefix);
  const { body } = await person.call('GET', '/conversations');
  const general = (body.items as { id: string; kind: string }[]).find((c) => c.kind === 'world')!.id;
  return { person, general };
}

/** Closes every client the test made (for `afterEach`). */
export async function closeClients(): Promise<void> {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  opened.length = 0;
}
