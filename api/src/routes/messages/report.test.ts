import { AuditPage, ErrorBody, ReportList } from '@volley/shared';
import { Message, User } from '@volley/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessages, as, signUp, startTestApi, type TestApi } from '../../api.testing.js';
import { exportAccount } from '../../services/export-account.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

async function staff() {
  const admin = await signUp(t);
  await User.query(t.deps.db).patch({ role: 'moderator' }).findById(admin.user.id);
  return admin;
}

const reportsOf = async (admin: Awaited<ReturnType<typeof signUp>>) => ReportList.parse(await (await as(t, admin)('GET', '/api/v1/admin/reports')).json()).reports;

describe('reporting a message to the site’s moderators', () => {
  it('shows a plain message as stored, whatever text the reporter sends along, once however often it is reported', async () => {
    const [moderator, alice, bob] = [await staff(), await signUp(t), await signUp(t)];
    const dm = (await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json()) as { id: string; encrypted: boolean };
    expect(dm.encrypted).toBe(false);
    const [insult] = await addMessages(t, dm.id, bob.user.id, ['you are a cheat']);
    const report = { reason: 'abuse', note: 'third time today', disclosed: 'something bob never wrote' };
    expect((await as(t, alice)('POST', `/api/v1/messages/${insult!.id}/report`, report)).status).toBe(204);
    expect((await as(t, alice)('POST', `/api/v1/messages/${insult!.id}/report`, report)).status).toBe(204);

    const mine = (await reportsOf(moderator)).filter((r) => r.message.id === insult!.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      reason: 'abuse',
      note: 'third time today',
      reporter: { username: alice.user.username },
      author: { username: bob.user.username },
      conversation: { id: dm.id, kind: 'dm' },
      message: { seq: insult!.seq, encrypted: false, stored: 'you are a cheat' },
      disclosed: null,
    });
  });

  it('of an encrypted message carries only what the reporter disclosed, and the audit log none of it', async () => {
    const [moderator, alice, bob] = [await staff(), await signUp(t), await signUp(t)];
    const dm = (await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id, encrypted: true })).json()) as { id: string };
    const [sealed] = await addMessages(t, dm.id, bob.user.id, ['{"ciphertext":"AwgAEnAb"}']);
    await Message.query(t.deps.db).findById(sealed!.id).patch({ kind: 'encrypted' });
    expect((await as(t, alice)('POST', `/api/v1/messages/${sealed!.id}/report`, { reason: 'spam', disclosed: 'buy cheap rackets at spam.example' })).status).toBe(204);

    // The reporter's own data export lists it, with what they disclosed.
    expect((await exportAccount(t.deps.db, alice.user.id)).reports).toMatchObject([{ messageId: sealed!.id, reason: 'spam', disclosed: 'buy cheap rackets at spam.example', resolvedAt: null }]);
    const [shown] = (await reportsOf(moderator)).filter((r) => r.message.id === sealed!.id);
    expect(shown).toMatchObject({ message: { encrypted: true, stored: null }, disclosed: 'buy cheap rackets at spam.example', reporter: { username: alice.user.username } });

    const audit = AuditPage.parse(await (await as(t, moderator)('GET', `/api/v1/admin/audit?user=${alice.user.username}&action=message.reported`)).json());
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ actor: { username: alice.user.username }, target: { username: bob.user.username }, conversationId: dm.id, address: '127.0.0.1' });
    expect(JSON.stringify(audit.entries[0])).not.toContain('rackets');
  });

  it('refuses one’s own message and who cannot read the conversation; a moderator resolves a report once', async () => {
    const [moderator, alice, bob, eve] = [await staff(), await signUp(t), await signUp(t), await signUp(t)];
    const dm = (await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id })).json()) as { id: string };
    const [said] = await addMessages(t, dm.id, bob.user.id, ['spam spam spam']);
    const own = await as(t, bob)('POST', `/api/v1/messages/${said!.id}/report`, { reason: 'spam' });
    expect(own.status).toBe(403);
    expect(ErrorBody.parse(await own.json()).error.message).toMatch(/your own message/);
    // A DM is hidden from who is not in it.
    expect((await as(t, eve)('POST', `/api/v1/messages/${said!.id}/report`, { reason: 'spam' })).status).toBe(404);
    expect((await as(t, alice)('POST', `/api/v1/messages/${said!.id}/report`, { reason: 'sarcasm' })).status).toBe(400);

    expect((await as(t, alice)('POST', `/api/v1/messages/${said!.id}/report`, { reason: 'spam' })).status).toBe(204);
    const [open] = (await reportsOf(moderator)).filter((r) => r.message.id === said!.id);
    expect((await as(t, alice)('POST', `/api/v1/admin/reports/${open!.id}/resolve`)).status).toBe(403);
    expect((await as(t, moderator)('POST', `/api/v1/admin/reports/${open!.id}/resolve`)).status).toBe(204);
    expect((await as(t, moderator)('POST', `/api/v1/admin/reports/${open!.id}/resolve`)).status).toBe(404);
    expect((await reportsOf(moderator)).some((r) => r.id === open!.id)).toBe(false);
  });
});
