import { ErrorBody, PushKeyView, PushSubscriptionView, type NotificationSettings } from '@volley/shared';
import { startStandInPushService, type StandInPushService } from '@volley/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
let service: StandInPushService;
beforeAll(async () => {
  service = await startStandInPushService();
  t = await startTestApi({ PUSH_SERVICE_ORIGINS: service.origin });
});
afterAll(async () => {
  await t.close();
  await service.close();
});

const code = async (res: Response) => ErrorBody.parse(await res.json()).error.code;

describe('push subscriptions', () => {
  it('gives the server’s public key to anyone (the browser needs it to subscribe)', async () => {
    const res = await t.request('/api/v1/push/key');
    expect(res.status).toBe(200);
    expect(PushKeyView.parse(await res.json()).publicKey).toBe(t.deps.config.push.vapid.publicKey);
  });

  it('a device subscribes, is listed under its session with its service only, and unsubscribes', async () => {
    const ann = await signUp(t);
    const device = service.device();
    const res = await as(t, ann)('POST', '/api/v1/me/push-subscriptions', device.subscription);
    expect(res.status).toBe(201);
    const saved = PushSubscriptionView.parse(await res.json());
    expect(saved).toMatchObject({ service: service.origin, sessionId: expect.any(String) });
    const list = await (await as(t, ann)('GET', '/api/v1/me/push-subscriptions')).json();
    expect(list).toEqual({ items: [saved] });
    expect(JSON.stringify(list)).not.toContain(device.subscription.keys.auth);
    expect((await as(t, ann)('DELETE', `/api/v1/me/push-subscriptions/${saved.id}`)).status).toBe(204);
    expect(await (await as(t, ann)('GET', '/api/v1/me/push-subscriptions')).json()).toEqual({ items: [] });
  });

  it('subscribing the same device again keeps one row; another account taking the device takes it over', async () => {
    const [ann, bob] = [await signUp(t), await signUp(t)];
    const device = service.device();
    await as(t, ann)('POST', '/api/v1/me/push-subscriptions', device.subscription);
    await as(t, ann)('POST', '/api/v1/me/push-subscriptions', device.subscription);
    expect((await (await as(t, ann)('GET', '/api/v1/me/push-subscriptions')).json()).items).toHaveLength(1);
    await as(t, bob)('POST', '/api/v1/me/push-subscriptions', device.subscription);
    expect((await (await as(t, ann)('GET', '/api/v1/me/push-subscriptions')).json()).items).toHaveLength(0);
    expect((await (await as(t, bob)('GET', '/api/v1/me/push-subscriptions')).json()).items).toHaveLength(1);
  });

  it('refuses an endpoint that is not a push service, and malformed keys', async () => {
    const ann = await signUp(t);
    const { subscription } = service.device();
    for (const endpoint of ['https://intranet.example/admin', 'http://127.0.0.1:1/push/x', 'file:///etc/passwd', 'not a url']) {
      const res = await as(t, ann)('POST', '/api/v1/me/push-subscriptions', { ...subscription, endpoint });
      expect(res.status).toBe(400);
      expect(await code(res)).toBe('validation_failed');
    }
    const badKeys = await as(t, ann)('POST', '/api/v1/me/push-subscriptions', { ...subscription, keys: { p256dh: 'short', auth: subscription.keys.auth } });
    expect(badKeys.status).toBe(400);
  });

  it('one account cannot drop or see another’s device', async () => {
    const [ann, eve] = [await signUp(t), await signUp(t)];
    const saved = PushSubscriptionView.parse(await (await as(t, ann)('POST', '/api/v1/me/push-subscriptions', service.device().subscription)).json());
    expect((await as(t, eve)('DELETE', `/api/v1/me/push-subscriptions/${saved.id}`)).status).toBe(404);
    expect((await (await as(t, eve)('GET', '/api/v1/me/push-subscriptions')).json()).items).toEqual([]);
    expect((await t.request('/api/v1/me/push-subscriptions')).status).toBe(401);
  });
});

describe('notification settings', () => {
  const settings: NotificationSettings = {
    push: { mention: true, message: false, friend_request: true, game_invite: false, match_ready: true },
    preview: 'sender',
    quietHours: { start: '22:30', end: '07:00', timeZone: 'Europe/Paris' },
    muted: ['01HZZZZZZZZZZZZZZZZZZZZZZZ'],
    levels: { '01HYYYYYYYYYYYYYYYYYYYYYYY': 'all', '01HXXXXXXXXXXXXXXXXXXXXXXX': 'mentions' },
  };

  it('are the defaults until saved, then what was saved, for every session of the account', async () => {
    const ann = await signUp(t);
    expect(await (await as(t, ann)('GET', '/api/v1/me/notification-settings')).json()).toMatchObject({ preview: 'full', quietHours: null, muted: [], levels: {} });
    expect((await as(t, ann)('PUT', '/api/v1/me/notification-settings', settings)).status).toBe(200);
    const other = await t.post('/api/v1/auth/login', { login: ann.user.username, password: ann.password });
    expect(await (await as(t, await other.json())('GET', '/api/v1/me/notification-settings')).json()).toEqual(settings);
  });

  it('refuses an unknown time zone, a malformed hour or a field it does not know', async () => {
    const ann = await signUp(t);
    for (const bad of [
      { ...settings, quietHours: { ...settings.quietHours!, timeZone: 'Mars/Olympus' } },
      { ...settings, quietHours: { ...settings.quietHours!, start: '25:00' } },
      { ...settings, push: { ...settings.push, everything: true } },
      { ...settings, muted: ['not-an-id'] },
      { ...settings, levels: { '01HYYYYYYYYYYYYYYYYYYYYYYY': 'loud' } },
      { ...settings, levels: { '01HYYYYYYYYYYYYYYYYYYYYYYY': 'nothing' } },
      { ...settings, levels: { 'not-an-id': 'all' } },
      { ...settings, levels: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`01HZZZZZZZZZZZZZZZZZZZ${String(i).padStart(4, '0')}`, 'all'])) },
    ]) {
      const res = await as(t, ann)('PUT', '/api/v1/me/notification-settings', bad);
      expect(res.status).toBe(400);
    }
  });
});

describe('a session that ends', () => {
  it('takes its device’s push subscription with it', async () => {
    const ann = await signUp(t);
    const other = await (await t.post('/api/v1/auth/login', { login: ann.user.username, password: ann.password })).json();
    await as(t, other)('POST', '/api/v1/me/push-subscriptions', service.device().subscription);
    const kept = PushSubscriptionView.parse(await (await as(t, ann)('POST', '/api/v1/me/push-subscriptions', service.device().subscription)).json());
    expect((await as(t, ann)('DELETE', '/api/v1/me/sessions')).status).toBe(204);
    expect(await (await as(t, ann)('GET', '/api/v1/me/push-subscriptions')).json()).toEqual({ items: [kept] });
  });
});
