import { startTestVolley, type TestVolley } from '@volley/server/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { account, closeClients, opened, signedIn } from './client.testing.js';

const MINUTE_MS = 60_000;

describe('a bot on the library, with access tokens that live 5 s', () => {
  let volley: TestVolley;
  beforeAll(async () => {
    volley = await startTestVolley({ ACCESS_TOKEN_TTL: '5' });
  }, 60_000);
  afterEach(closeClients);
  afterAll(() => volley.close());

  it('keeps one socket open for a minute without a close and receives every message sent meanwhile', { timeout: 3 * MINUTE_MS }, async () => {
    const { person: botAccount, general } = await account(volley, 'bot');
    const { person: alice } = await account(volley, 'alice');
    const bot = await signedIn(volley, botAccount);
    const conversation = await bot.conversation(general);
    await conversation.whenSynced();
    const room = conversation.room;
    const closes: number[] = [];
    room.socket.closed.add(({ code }) => closes.push(code));
    const received = new Set<string>();
    conversation.message.add((m) => received.add(m.id));

    // Alice, on the library too, sends one message every 2 s for a minute (her tokens expire as well).
    const sender = await signedIn(volley, alice);
    const sent: string[] = [];
    const start = Date.now();
    while (Date.now() - start < MINUTE_MS) {
      const outcome = await sender.outbox().send(general, `message ${sent.length}`);
      expect(outcome.status).toBe('accepted');
      sent.push(outcome.id);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }

    await expect.poll(() => sent.filter((id) => !received.has(id)), { timeout: 10_000 }).toEqual([]);
    expect(closes).toEqual([]);
    expect(room.status).toBe('open');
    expect(opened.filter((url) => url.endsWith(`/sync/${room.name}`))).toHaveLength(1);
    expect(sent.length).toBeGreaterThanOrEqual(25);
  });
});
