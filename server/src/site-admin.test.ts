import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, newId, queueSend, userRoom, UserDoc } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { closeCode, register, synced, waitFor, sharedVolley, type Person } from './server.testing.js';

const cli = fileURLToPath(new URL('../../api/dist/admin-cli.js', import.meta.url));

// Running a deployment: the operator's command line, site roles, bans by account and by address,
// kicks, and the audit log — across the api, the sync sockets and the gate in between.
describe('site administration', () => {
  const t = sharedVolley();
  const { open } = t;
  const admin = (...args: string[]) =>
    promisify(execFile)('node', [cli, ...args], { env: { ...process.env, DATA_DIR: t.volley.dataDir, JWT_SECRET: 'x'.repeat(32) } }).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (err: { code: number; stdout: string; stderr: string }) => ({ code: err.code, out: err.stdout + err.stderr }),
    );
  const login = (person: Person) =>
    fetch(`${t.volley.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: person.username, password: TEST_PASSWORD }),
    });
  let boss: Person;

  beforeAll(async () => {
    boss = await register(t.volley, 'boss');
    expect(await admin('role', boss.username, 'admin')).toMatchObject({ code: 0 });
  });

  it('the admin api is for site moderators and admins only, and says who may see the admin page', async () => {
    const someone = await register(t.volley, 'someone');
    expect((await someone.call('GET', '/admin/users')).status).toBe(403);
    expect((await someone.call('POST', '/admin/kick', { username: boss.username })).status).toBe(403);
    expect((await someone.call('GET', '/me')).body.user.role).toBe('user');
    expect((await boss.call('GET', '/me')).body.user.role).toBe('admin');
    const listed = await boss.call('GET', `/admin/users?q=${someone.username}`);
    expect(listed.body.users).toEqual([expect.objectContaining({ username: someone.username, role: 'user', lastAddress: '127.0.0.1' })]);
  });

  it('a ban closes the account’s open sockets at once, refuses it everywhere, and a lift lets it back in', async () => {
    const victim = await register(t.volley, 'victim');
    const room = open(userRoom(victim.id), victim);
    await synced(room);
    const closed = closeCode(room);
    const ban = await boss.call('POST', '/admin/bans', { username: victim.username, duration: '7d', reason: 'spam' });
    expect(ban.status).toBe(201);
    expect(await closed).toBe(CloseCode.banned);
    const refused = await victim.call('GET', '/me');
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'site_banned' } } });
    expect(refused.body.error.message).toMatch(/until \d{4}-/);
    expect((await login(victim)).status).toBe(403);
    expect((await boss.call('GET', '/admin/bans')).body.bans).toEqual(expect.arrayContaining([expect.objectContaining({ id: ban.body.id, user: { id: victim.id, username: victim.username }, reason: 'spam' })]));

    expect((await boss.call('DELETE', `/admin/bans/${ban.body.id}`)).status).toBe(204);
    await waitFor(async () => (await login(victim)).status === 200);
  });

  it('a moderator bans users but not admins, and nobody bans their own address', async () => {
    const mod = await register(t.volley, 'mod');
    expect(await admin('role', mod.username, 'moderator')).toMatchObject({ code: 0 });
    expect((await mod.call('POST', '/admin/bans', { username: boss.username })).status).toBe(403);
    expect((await mod.call('POST', '/admin/roles', { username: mod.username, role: 'admin' })).status).toBe(403);
    expect((await boss.call('POST', '/admin/bans', { address: '127.0.0.0/8', duration: '1h' })).body.error.message).toMatch(/your own address/);
    expect((await boss.call('POST', '/admin/bans', { username: 'x', address: '10.0.0.1' })).status).toBe(400);
  });

  it('an address ban from the command line refuses requests and sockets from the range until lifted; health still answers', async () => {
    const person = await register(t.volley, 'person');
    const room = open(userRoom(person.id), person);
    await synced(room);
    const closed = closeCode(room);
    const banned = await admin('ban-ip', '127.0.0.1', '1h', 'abuse');
    expect(banned.code).toBe(0);
    const { id } = JSON.parse(banned.out) as { id: string };
    // Every later test of the file comes from this address too: lifted even if this one fails.
    let lifted = false;
    onTestFinished(async () => {
      if (!lifted) await admin('unban', id);
    });
    expect(await closed).toBe(CloseCode.banned);
    expect((await person.call('GET', '/me')).body.error.code).toBe('site_banned');
    expect((await fetch(`${t.volley.url}/healthz`)).status).toBe(200);
    expect(await admin('unban', id)).toMatchObject({ code: 0 });
    lifted = true;
    await waitFor(async () => (await person.call('GET', '/me')).status === 200);
  });

  it('a kick ends every session now: sockets closed for a new sign-in, old tokens refused, signing in again works', async () => {
    const victim = await register(t.volley, 'kicked');
    const room = open(userRoom(victim.id), victim);
    await synced(room);
    const closed = closeCode(room);
    expect((await boss.call('POST', '/admin/kick', { username: victim.username })).status).toBe(204);
    expect(await closed).toBe(CloseCode.unauthenticated);
    expect((await victim.call('GET', '/me')).status).toBe(401);
    const again = await login(victim);
    expect(again.status).toBe(200);
  });

  it('the audit log tells who did what, and who sent which message when and from where', async () => {
    const author = await register(t.volley, 'author');
    const channel = await author.call('POST', '/channels', { name: `audit-${newId().slice(-6)}`, access: 'public' });
    const doc = new Y.Doc();
    await synced(open(userRoom(author.id), author, doc));
    const opIds = [queueSend(doc, newId(), channel.body.id, 'first'), queueSend(doc, newId(), channel.body.id, 'hello from here')];
    await waitFor(() => opIds.every((id) => UserDoc.outbox(doc).get(id)?.status === 'accepted'));
    expect((await boss.call('POST', '/admin/kick', { username: author.username })).status).toBe(204);

    const page = await boss.call('GET', `/admin/audit?user=${author.username}`);
    expect(page.status).toBe(200);
    const actions = page.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['site.kick', 'message.sent', 'message.sent']);
    expect(page.body.entries[0]).toMatchObject({ actor: { id: boss.id }, target: { id: author.id }, address: '127.0.0.1' });
    expect(page.body.entries[1]).toMatchObject({ actor: { id: author.id }, address: '127.0.0.1', conversationId: channel.body.id, detail: { body: 'hello from here' } });
    const sends = await boss.call('GET', `/admin/audit?user=${author.username}&action=message.sent&address=127.0.0.0/8&limit=1`);
    expect(sends.body.entries.map((e: { detail: { body: string } }) => e.detail.body)).toEqual(['hello from here']);
    const older = await boss.call('GET', `/admin/audit?user=${author.username}&action=message.sent&limit=1&before=${sends.body.next}`);
    expect(older.body).toMatchObject({ entries: [{ detail: { body: 'first' } }], next: null });
    expect((await boss.call('GET', `/admin/audit?user=${author.username}&address=10.0.0.0/8`)).body.entries).toEqual([]);
    expect((await boss.call('GET', '/admin/audit?address=nonsense')).status).toBe(400);
  });
});
