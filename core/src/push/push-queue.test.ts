/**
 * The push queue with several processes taking from it (two sync servers, each with its
 * dispatcher): every queued push reaches its device once, none twice, none lost. On PostgreSQL the
 * takers run on connections of their own, at the same time.
 */
import { newId, type PublicUser } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDeps, startStandInPushService, type StandInPushService } from '../core.testing.js';
import { User } from '../db/models/user.js';
import { PushDelivery } from './push-delivery.js';
import { PushDispatcher } from './push-dispatcher.js';
import { queuePush, takePushes } from './push-queue.js';
import { PushSubscriptions } from './push-subscriptions.js';

const deps = await testDeps();
const subscriptions = new PushSubscriptions(deps.db);
let service: StandInPushService;

beforeAll(async () => {
  service = await startStandInPushService();
});
afterAll(() => service.close());

async function people(count: number): Promise<PublicUser[]> {
  const users = Array.from({ length: count }, (_, i) => {
    const id = newId();
    return { id, username: `p${i}_${id.slice(-8).toLowerCase()}`, displayName: `P${i}` };
  });
  await User.query(deps.db).insert(users.map((u) => ({ ...u, email: `${u.username}@example.test`, passwordHash: 'not-used' })));
  return users;
}

/** `count` friend requests from `from`, spread over `to` (each subscribed once); their notification ids. */
async function queued(from: PublicUser, to: PublicUser[], count: number): Promise<string[]> {
  for (const user of to) await subscriptions.save(user.id, null, service.device().subscription, 20);
  const ids = Array.from({ length: count }, () => newId());
  for (const [i, requestId] of ids.entries()) await queuePush(deps.db, to[i % to.length]!.id, { kind: 'notification', notification: { id: requestId, at: new Date().toISOString(), kind: 'friend_request', from, requestId: newId() } });
  return ids;
}

describe('two takers of one queue', () => {
  it('take each row once, together all of them', async () => {
    const [from, ...to] = await people(6);
    const ids = await queued(from!, to, 120);
    const rows = (await deps.db('push_queue').select('id')).map((r: { id: string | number }) => String(r.id));
    // Six takers at once, each until the queue is empty.
    const taken: string[][] = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const mine: string[] = [];
        for (let batch = await takePushes(deps.db, 5); batch.length > 0; batch = await takePushes(deps.db, 5)) mine.push(...batch.map((q) => q.id));
        return mine;
      }),
    );
    expect(taken.flat().sort()).toEqual(rows.sort());
    expect(rows).toHaveLength(ids.length);
  });

  it('two dispatchers deliver every push once', { timeout: 60_000 }, async () => {
    const [from, ...to] = await people(11);
    const before = service.received.length;
    const ids = await queued(from!, to, 100);
    const instances = [0, 1].map(() => {
      const delivery = new PushDelivery({ vapid: deps.config.push.vapid, log: deps.logger, gone: (s) => subscriptions.drop(s.id), concurrency: 8 });
      return { delivery, dispatcher: new PushDispatcher({ db: deps.db, log: deps.logger, subscriptions, delivery, online: () => false, publicUrl: 'https://volley.example' }) };
    });
    await Promise.all(instances.map(({ dispatcher }) => dispatcher.flush()));
    await Promise.all(instances.map(({ delivery }) => delivery.idle()));
    await Promise.all(instances.flatMap(({ dispatcher, delivery }) => [dispatcher.stop(), delivery.close()]));
    const received = service.received.slice(before);
    // A push's tag is its notification's id: each one arrived, once.
    expect(received.map((p) => p.payload.notification.tag).sort()).toEqual([...ids].sort());
    expect(Number((await deps.db('push_queue').count({ n: '*' }).first())!.n)).toBe(0);
  });
});
