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

  it('keeps one socket open for six token lifetimes without a close and receives every message sent meanwhile', { timeout: 2 * MINUTE_MS }, async () => {
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

    // Alice, on the library too, sends one message a second for 30 s (her tokens expire as well).
    const sender = await signedIn(volley, alice);
    const sent: string[] = [];
    const start = Date.now();
    while (Date.now() - start < 30_000) {
      const outcome = await sender.outbox().send(general, `message ${sent.length}`);
      expect(outcome.status).toBe('accepted');
      sent.push(outcome.id);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }

    await expect.poll(() => sent.filter((id) => !received.has(id)), { timeout: 10_000 }).toEqual([]);
    expect(closes).toEqual([]);
    expect(room.status).toBe('open');
    // One socket each: the bot's, and the one Alice's op frames go on.
    expect(opened.filter((url) => url.endsWith(`/sync/${room.name}`))).toHaveLength(2);
    expect(sent.length).toBeGreaterThanOrEqual(15);
  });

  it('keeps a game socket and a queue socket open past several token lifetimes', { timeout: MINUTE_MS }, async () => {
    const [{ person: alice }, { person: bob }, { person: carol }] = [await account(volley, 'left'), await account(volley, 'right'), await account(volley, 'queuer')];
    const dm = await alice.call('POST', '/conversations/dm', { userId: bob.id });
    expect(dm.status).toBeLessThan(300);
    const [left, right, waiting] = [await signedIn(volley, alice), await signedIn(volley, bob), await signedIn(volley, carol)];
    const invited = await left.outbox().invite(dm.body.id, bob.id);
    expect(invited.status).toBe('accepted');
    // Throws an ApiError unless accepted.
    await right.api.request('POST', `/games/${invited.id}/accept`);

    const game = left.game(invited.id);
    const other = right.game(invited.id);
    const queue = waiting.queue();
    const frames: string[] = [];
    game.frames.add((frame) => frames.push(frame.t));
    const closes: number[] = [];
    for (const channel of [game, other, queue]) channel.socket.closed.add(({ code }) => closes.push(code));
    let queued = 0;
    queue.frames.add((frame) => frame.t === 'queued' && queued++);
    for (const channel of [game, other, queue]) channel.open();

    await expect.poll(() => frames.includes('welcome') && queued > 0, { timeout: 10_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const snaps = frames.filter((t) => t === 'snap').length;
    await expect.poll(() => frames.filter((t) => t === 'snap').length, { timeout: 5_000 }).toBeGreaterThan(snaps);
    expect(closes).toEqual([]);
    for (const channel of [game, other, queue]) expect(channel.socket.status).toBe('open');
    for (const channel of [game, other, queue]) channel.close();
  });
});
