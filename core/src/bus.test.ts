import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
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

describe.skipIf(!process.env.REDIS_URL)('the Redis bus between processes', () => {
  const prefix = `volley-test-${randomBytes(6).toString('hex')}:`;
  const url = process.env.REDIS_URL!;

  it('sends nothing to Redis while one process holds a channel, tells it when a second arrives, and delivers both ways then', async () => {
    const a = createBus(url, prefix);
    const b = createBus(url, prefix);
    // What crosses Redis on the channel, seen by a plain subscriber that is no bus.
    const observer = new Redis(url);
    const wire: string[] = [];
    await observer.subscribe(`${prefix}room:y`);
    observer.on('message', (_channel: string, message: string) => wire.push(message));
    try {
      const heard = { a: [] as string[], b: [] as string[] };
      let peers = 0;
      await a.subscribe('room:y', (payload) => heard.a.push(payload.toString()), 'instance-a', () => peers++);
      await a.publish('room:y', Buffer.from('alone'), 'instance-a');
      await settle();
      expect(wire).toEqual([]);
      expect(peers).toBe(0);

      const leave = await b.subscribe('room:y', (payload) => heard.b.push(payload.toString()), 'instance-b');
      await settle();
      expect(peers).toBe(1);
      await a.publish('room:y', Buffer.from('from a'), 'instance-a');
      await b.publish('room:y', Buffer.from('from b'), 'instance-b');
      await settle();
      expect(heard).toEqual({ a: ['from b'], b: ['from a'] });
      expect(wire).toHaveLength(2);

      await leave();
      await settle();
      await a.publish('room:y', Buffer.from('alone again'), 'instance-a');
      await settle();
      expect(wire).toHaveLength(2);
      expect(heard.b).toEqual(['from a']);
    } finally {
      observer.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('ignores, and removes, the subscriber a crashed process left behind', async () => {
    const redis = new Redis(url);
    const wire: string[] = [];
    const observer = new Redis(url);
    await observer.subscribe(`${prefix}room:z`);
    observer.on('message', (_channel: string, message: string) => wire.push(message));
    // What a process killed with -9 leaves: its member in the set, and no alive key (it expired).
    await redis.sadd(`${prefix}subscribers:room:z`, '0123456789abcdef:crashed-instance');
    const survivor = createBus(url, prefix);
    try {
      await survivor.subscribe('room:z', () => {}, 'survivor');
      await survivor.publish('room:z', Buffer.from('alone'), 'survivor');
      await settle();
      expect(wire).toEqual([]);
      expect(await redis.smembers(`${prefix}subscribers:room:z`)).toEqual([expect.stringMatching(/:survivor$/)]);
    } finally {
      observer.disconnect();
      redis.disconnect();
      await survivor.close();
    }
  });

  it('is heard again by the others when its alive key was lost (a failover to a replica that lacked it, or expired while Redis was away)', async () => {
    const own = `${prefix}lost:`;
    const redis = new Redis(url);
    const a = createBus(url, own);
    const heard: string[] = [];
    await a.subscribe('presence', (payload) => heard.push(payload.toString()), 'sync-a');
    const [aliveOfA] = await redis.keys(`${own}alive:*`);
    const b = createBus(url, own);
    try {
      await b.subscribe('presence', () => {}, 'sync-b');
      // Gone for longer than the others' check for crashed processes (every 5 s): b takes a for dead.
      for (const until = Date.now() + 6000; Date.now() < until; await settle()) await redis.del(aliveOfA!);
      for (const until = Date.now() + 12_000; !heard.includes('beat') && Date.now() < until; await settle()) await b.publish('presence', Buffer.from('beat'), 'sync-b');
      expect(heard).toContain('beat');
    } finally {
      redis.disconnect();
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);

  it('always sends through Redis from a process that does not hold the channel', async () => {
    const holder = createBus(url, prefix);
    const api = createBus(url, prefix);
    try {
      const heard: string[] = [];
      await holder.subscribe('events', (payload) => heard.push(payload.toString()), 'sync');
      await api.publish('events', Buffer.from('kicked'));
      await settle();
      expect(heard).toEqual(['kicked']);
    } finally {
      await Promise.all([holder.close(), api.close()]);
    }
  });

  it('keeps two installs on one Redis apart: different prefixes never hear each other, nor each other’s subscribers', async () => {
    const [installA, installB] = [`${prefix}a:`, `${prefix}b:`];
    const [a1, a2, b1] = [createBus(url, installA), createBus(url, installA), createBus(url, installB)];
    const heard = { a: [] as string[], b: [] as string[] };
    try {
      await a1.subscribe('room:same', (payload) => heard.a.push(payload.toString()), 'sync');
      await b1.subscribe('room:same', (payload) => heard.b.push(payload.toString()), 'sync');
      await a2.publish('room:same', Buffer.from('for A'));
      await b1.publish('room:same', Buffer.from('for B alone'), 'other');
      await settle();
      expect(heard).toEqual({ a: ['for A'], b: ['for B alone'] });
    } finally {
      await Promise.all([a1.close(), a2.close(), b1.close()]);
    }
  });
});
