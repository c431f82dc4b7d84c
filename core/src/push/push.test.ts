/**
 * Pushes as a device receives them: the notifier queues, the dispatcher decides and the delivery
 * posts to a stand-in push service, whose device decrypts what it was sent.
 */
import { newId, type NotificationSettings, type PublicUser } from '@volley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDeps, startStandInPushService, type StandInPushService, type TestDevice } from '../core.testing.js';
import { User } from '../db/models/user.js';
import { Notifier } from '../notifier.js';
import { saveNotificationSettings } from './notification-settings.js';
import { PushDelivery } from './push-delivery.js';
import { PushDispatcher } from './push-dispatcher.js';
import { queuePush } from './push-queue.js';
import { PushSubscriptions } from './push-subscriptions.js';

const deps = await testDeps();
let service: StandInPushService;
let dispatcher: PushDispatcher;
let delivery: PushDelivery;
const online = new Set<string>();
const subscriptions = new PushSubscriptions(deps.db);
const notifier = new Notifier(deps);

beforeAll(async () => {
  service = await startStandInPushService();
  delivery = new PushDelivery({ vapid: deps.config.push.vapid, log: deps.logger, gone: (s) => subscriptions.drop(s.id), retryBaseMs: 20 });
  dispatcher = new PushDispatcher({ db: deps.db, log: deps.logger, subscriptions, delivery, online: (id) => online.has(id), publicUrl: 'https://volley.example' });
});
afterAll(async () => {
  await dispatcher.stop();
  await delivery.close();
  await service.close();
});

async function person(name: string, locale: string | null = null): Promise<PublicUser> {
  const id = newId();
  const username = `${name}_${id.slice(-8).toLowerCase()}`;
  await User.query(deps.db).insert({ id, username, email: `${username}@example.test`, displayName: name, passwordHash: 'not-used', locale });
  return { id, username, displayName: name };
}

async function subscribed(user: PublicUser): Promise<TestDevice> {
  const device = service.device();
  await subscriptions.save(user.id, null, device.subscription, 20);
  return device;
}

const mention = (by: PublicUser, conversation = { id: newId(), name: 'general' }) => ({ kind: 'mention' as const, conversation, by, messageId: newId(), seq: 7, excerpt: '@bob are you coming tonight?' });
const friendRequest = (from: PublicUser) => ({ kind: 'friend_request' as const, from, requestId: newId() });

const deviceName = (device: TestDevice) => device.subscription.endpoint.split('/').pop();

/** The titles of the pushes `device` received, once what was queued is decided and delivered. */
async function pushesTo(device: TestDevice): Promise<string[]> {
  await dispatcher.flush();
  await delivery.idle();
  return service.received.filter((p) => p.device === deviceName(device)).map((p) => p.payload.notification.title);
}

const lastPushTo = (device: TestDevice) => service.received.findLast((p) => p.device === deviceName(device))!;

async function settings(user: PublicUser, change: Partial<NotificationSettings>): Promise<void> {
  const base: NotificationSettings = { push: { mention: true, message: true, friend_request: true, game_invite: true, match_ready: true }, preview: 'full', quietHours: null, muted: [], levels: {} };
  await saveNotificationSettings(deps.db, user.id, { ...base, ...change });
}

describe('a push reaches a device with no socket open', () => {
  it('decrypts to the sender, the place and the start of the text, and opens the message', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    const n = mention(ann);
    await notifier.notify(bob.id, n);
    expect(await pushesTo(device)).toEqual(['Ann in #general']);
    const push = lastPushTo(device);
    expect(push.payload).toMatchObject({
      web_push: 8030,
      notification: { title: 'Ann in #general', body: '@bob are you coming tonight?', navigate: `https://volley.example/c/${n.conversation.id}#message-${n.messageId}-7` },
    });
    expect(push.headers.urgency).toBe('high');
    expect(Number(push.headers.ttl)).toBeGreaterThan(0);
    expect(push.headers.authorization).toMatch(/^vapid t=.+, k=/);
  });

  it('in the account’s language', async () => {
    const [ann, zoe] = [await person('Ann'), await person('Zoé', 'fr')];
    const device = await subscribed(zoe);
    await notifier.notify(zoe.id, friendRequest(ann));
    expect(await pushesTo(device)).toEqual(['Ann']);
    expect(lastPushTo(device).payload.notification).toMatchObject({ body: 'vous a envoyé une demande d’ami', navigate: 'https://volley.example/people' });
  });

  it('"sender only" shows who, not what', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    await settings(bob, { preview: 'sender' });
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(device)).toEqual(['Ann in #general']);
    expect(lastPushTo(device).payload.notification.body).toBe('mentioned you');
    expect(JSON.stringify(lastPushTo(device).payload)).not.toContain('coming tonight');
  });

  it('reaches every device of the account, a direct message too, under its conversation’s topic', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const [phone, laptop] = [await subscribed(bob), await subscribed(bob)];
    const convId = newId();
    await queuePush(deps.db, bob.id, { kind: 'message', convId, messageId: newId(), seq: 3, by: ann, excerpt: 'lunch?' });
    expect(await pushesTo(phone)).toEqual(['Ann']);
    expect(await pushesTo(laptop)).toEqual(['Ann']);
    expect(lastPushTo(phone).payload.notification.body).toBe('lunch?');
    expect(lastPushTo(phone).headers.topic).toBe(`c${convId}`);
  });

  it('of an encrypted message: who wrote, and its ciphertext for the device to read, unless "sender only" or too long for a push', async () => {
    const [ann, bob, cy] = [await person('Ann'), await person('Bob'), await person('Cy')];
    const [bobs, cys] = [await subscribed(bob), await subscribed(cy)];
    await settings(cy, { preview: 'sender' });
    const convId = newId();
    const content = (length: number) => JSON.stringify({ algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'A'.repeat(length), session_id: 's' });
    const sealed = (length: number) => ({ kind: 'message' as const, convId, messageId: newId(), seq: 4, by: ann, excerpt: '', sealed: { body: content(length), at: '2026-11-29T01:00:00.000Z' } });
    const short = sealed(300);
    await queuePush(deps.db, bob.id, short);
    await queuePush(deps.db, cy.id, sealed(300));
    expect(await pushesTo(bobs)).toEqual(['Ann']);
    expect(lastPushTo(bobs).payload).toMatchObject({
      notification: { title: 'Ann', body: 'sent you a message' },
      sealed: { to: bob.id, convId, id: short.messageId, author: ann.id, at: short.sealed.at, body: short.sealed.body },
    });
    expect(await pushesTo(cys)).toEqual(['Ann']);
    expect(lastPushTo(cys).payload.sealed).toBeUndefined();
    // A push service takes 4 KB: a message too long to fit says who wrote.
    await queuePush(deps.db, bob.id, sealed(5_000));
    expect(await pushesTo(bobs)).toEqual(['Ann', 'Ann']);
    expect(lastPushTo(bobs).payload.sealed).toBeUndefined();
    expect(lastPushTo(bobs).payload.notification.body).toBe('sent you a message');
  });

  it('of an ordinary channel message, once its conversation is set to "all messages", with the channel named', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    const [loud, calm] = [newId(), newId()];
    await settings(bob, { levels: { [loud]: 'all' } });
    for (const convId of [calm, loud]) await queuePush(deps.db, bob.id, { kind: 'message', convId, convKind: 'channel', channel: convId === loud ? 'loud' : 'calm', messageId: newId(), seq: 3, by: ann, excerpt: 'lunch?' });
    expect(await pushesTo(device)).toEqual(['Ann in #loud']);
  });

  it('is queued only for an account with a device', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    await notifier.notify(bob.id, mention(ann));
    expect(Number((await deps.db('push_queue').where({ user_id: bob.id }).count({ n: '*' }).first())!.n)).toBe(0);
  });
});

describe('nothing is pushed', () => {
  it('while a socket of the user is open, and the push is not kept for later', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    online.add(bob.id);
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(device)).toEqual([]);
    online.delete(bob.id);
    expect(await pushesTo(device)).toEqual([]);
  });

  it('from a blocked user, either way', async () => {
    const [ann, cid, bob] = [await person('Ann'), await person('Cid'), await person('Bob')];
    const device = await subscribed(bob);
    await deps.db('blocks').insert([
      { blocker_id: bob.id, blocked_id: ann.id },
      { blocker_id: cid.id, blocked_id: bob.id },
    ]);
    await notifier.notify(bob.id, mention(ann));
    await notifier.notify(bob.id, friendRequest(cid));
    // Not even from a channel Bob set to "all messages".
    const loud = newId();
    await settings(bob, { levels: { [loud]: 'all' } });
    await queuePush(deps.db, bob.id, { kind: 'message', convId: loud, convKind: 'channel', channel: 'loud', messageId: newId(), seq: 4, by: ann, excerpt: 'hi' });
    expect(await pushesTo(device)).toEqual([]);
  });

  it('for a mention in a muted conversation', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    const muted = { id: newId(), name: 'noisy' };
    await settings(bob, { muted: [muted.id] });
    await notifier.notify(bob.id, mention(ann, muted));
    await notifier.notify(bob.id, mention(ann, { id: newId(), name: 'quiet' }));
    expect(await pushesTo(device)).toEqual(['Ann in #quiet']);
  });

  it('from a conversation below the level its message needs: a DM at "mentions only" pushes its mentions, not its messages; "nothing" neither', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    const [calm, silent] = [{ id: newId(), name: '' }, { id: newId(), name: '' }];
    await settings(bob, { levels: { [calm.id]: 'mentions' }, muted: [silent.id] });
    for (const conv of [calm, silent]) {
      await queuePush(deps.db, bob.id, { kind: 'message', convId: conv.id, messageId: newId(), seq: 3, by: ann, excerpt: 'lunch?' });
      await notifier.notify(bob.id, { ...mention(ann, conv), excerpt: 'one for you' });
    }
    expect(await pushesTo(device)).toEqual(['Ann']);
    expect(lastPushTo(device).payload.notification.body).toBe('one for you');
  });

  it('of a kind turned off', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    await settings(bob, { push: { mention: false, message: true, friend_request: true, game_invite: true, match_ready: true } });
    await notifier.notify(bob.id, mention(ann));
    await notifier.notify(bob.id, friendRequest(ann));
    expect(await pushesTo(device)).toEqual(['Ann']);
    expect(lastPushTo(device).payload.notification.body).toBe('sent you a friend request');
  });

  it('in quiet hours, in the user’s time zone, and again after them', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    const zone = 'Pacific/Kiritimati';
    const local = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
    const now = Date.now();
    // From an hour ago to an hour from now, there (past midnight or not).
    await settings(bob, { quietHours: { start: local(new Date(now - 3_600_000)), end: local(new Date(now + 3_600_000)), timeZone: zone } });
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(device)).toEqual([]);
    // From two hours ahead to an hour ago: now is outside them.
    await settings(bob, { quietHours: { start: local(new Date(now + 7_200_000)), end: local(new Date(now - 3_600_000)), timeZone: zone } });
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(device)).toEqual(['Ann in #general']);
  });
});

describe('the push service’s answers', () => {
  it('a gone subscription (410) is dropped, the other device still gets its pushes', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const [gone, kept] = [await subscribed(bob), await subscribed(bob)];
    service.answer(gone, [410]);
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(kept)).toEqual(['Ann in #general']);
    expect(await pushesTo(gone)).toEqual([]);
    expect((await subscriptions.forUser(bob.id)).map((s) => s.endpoint)).toEqual([kept.subscription.endpoint]);
  });

  it('429 and 503 are tried again until the service takes it', async () => {
    const [ann, bob] = [await person('Ann'), await person('Bob')];
    const device = await subscribed(bob);
    service.answer(device, [429, 503]);
    await notifier.notify(bob.id, mention(ann));
    expect(await pushesTo(device)).toEqual(['Ann in #general']);
    expect(service.requests(device)).toBe(3);
  });
});
