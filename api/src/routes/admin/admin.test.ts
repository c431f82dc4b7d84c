import { AuditPage, ErrorBody } from '@volley/shared';
import { Message, User } from '@volley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessages, as, signUp, startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

describe('a site ban, as the banned account is told it', () => {
  it('says until when and why, on every request and at sign-in; a ban for good has no end', async () => {
    const [admin, spammer, forGood] = [await signUp(t), await signUp(t), await signUp(t)];
    await User.query(t.deps.db).patch({ role: 'admin' }).findById(admin.user.id);
    expect((await as(t, admin)('POST', '/api/v1/admin/bans', { username: spammer.user.username, duration: '7d', reason: 'spam in #general' })).status).toBe(201);
    expect((await as(t, admin)('POST', '/api/v1/admin/bans', { username: forGood.user.username })).status).toBe(201);
    await t.deps.gate.reload();

    const refused = ErrorBody.parse(await (await as(t, spammer)('GET', '/api/v1/me')).json()).error;
    expect(refused).toMatchObject({ code: 'site_banned', banReason: 'spam in #general' });
    const days = (Date.parse(refused.until!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const login = ErrorBody.parse(await (await t.post('/api/v1/auth/login', { login: spammer.user.username, password: spammer.password })).json()).error;
    expect(login).toMatchObject({ code: 'site_banned', until: refused.until, banReason: 'spam in #general' });

    // Its sessions ended with the ban: the refresh is refused as the ban, and the cookie dropped.
    const refreshed = await t.request('/api/v1/auth/refresh', { method: 'POST', headers: { Cookie: spammer.cookie } });
    expect(refreshed.status).toBe(403);
    expect(refreshed.headers.getSetCookie().some((c) => c.startsWith('volley_refresh=;'))).toBe(true);
    expect(ErrorBody.parse(await refreshed.json()).error).toMatchObject({ code: 'site_banned', until: refused.until, banReason: 'spam in #general' });

    const permanent = ErrorBody.parse(await (await as(t, forGood)('GET', '/api/v1/me')).json()).error;
    expect(permanent.code).toBe('site_banned');
    expect(permanent.until).toBeUndefined();
  });
});

describe('the audit log of messages sent', () => {
  it("lists what an organiser wrote, not the tournament's pairings and results posted in their channel", async () => {
    const [admin, organiser] = [await signUp(t), await signUp(t)];
    await User.query(t.deps.db).patch({ role: 'admin' }).findById(admin.user.id);
    const { id: convId } = (await (await as(t, organiser)('POST', '/api/v1/channels', { name: `cup-${organiser.user.id.slice(-6)}`, access: 'public' })).json()) as { id: string };
    const [said, line] = await addMessages(t, convId, organiser.user.id, ['welcome to the cup', 'Round 1: a vs b.']);
    await Message.query(t.deps.db).findById(line!.id).patch({ kind: 'system' });

    const page = AuditPage.parse(await (await as(t, admin)('GET', `/api/v1/admin/audit?user=${organiser.user.username}&action=message.sent`)).json());
    expect(page.entries.map((e) => [e.actor?.username, e.detail.body])).toEqual([[organiser.user.username, said!.body]]);
  });
});
