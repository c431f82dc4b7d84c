import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createBus } from './bus.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('the bus, for a publisher alone on a channel and with others', () => {
  // Redis when REDIS_URL is set, the in-process bus otherwise; a prefix of its own.
  const bus = createBus(process.env.REDIS_URL, `volley-test-${randomBytes(6).toString('hex')}:`);
  afterAll(() => bus.close());

  it('sends an instance nothing of its own while it is the channel’s only subscriber, and the others everything', async () => {
    const heard = { a: [] as string[], b: [] as string[] };
    await bus.subscribe('room:x', (payload) => heard.a.push(payload.toString()), 'a');
    await bus.publish('room:x', Buffer.from('alone'), 'a');
    await settle();
    expect(heard.a).toEqual([]);

    const leave = await bus.subscribe('room:x', (payload) => heard.b.push(payload.toString()), 'b');
    await bus.publish('room:x', Buffer.from('shared'), 'a');
    await bus.publish('room:x', Buffer.from('to all'));
    await settle();
    expect(heard.b).toEqual(['shared', 'to all']);
    // With Redis the sender hears its own message once others are there (RoomFanout drops it by its id).
    expect(heard.a.filter((m) => m !== 'shared')).toEqual(['to all']);

    await leave();
    await bus.publish('room:x', Buffer.from('alone again'), 'a');
    await settle();
    expect(heard.a).not.toContain('alone again');
  });
});
