/**
 * The client's address as deployed: the built api and sync server behind nginx running
 * deploy/nginx.conf, TRUST_PROXY=1 as docker-compose sets it. Whatever a client writes into
 * X-Forwarded-For, on HTTP or on either socket, its address stays the one nginx saw: the admin
 * allow-list, an IP ban, the sign-in throttle, the audit log, the sessions list, a user's last
 * address and a bot token's last use read that one. Clients at two real addresses (127.0.0.x:
 * all of 127/8 is this machine) count apart. Needs DATABASE_URL, REDIS_URL, nginx and a build; skipped with a line otherwise.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, REFRESH_COOKIE, socketProtocols, userRoom } from '@volley/shared';
import { builtProcesses, deploymentMissing, freePort, install, sayWhySkipped, startProxy, uninstall, type Install, type NginxProxy } from './nginx.testing.js';

sayWhySkipped('the client address behind nginx');

const adminCli = fileURLToPath(new URL('../../api/dist/admin-cli.js', import.meta.url));
const PASSWORD = 'a long enough password';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: a JSON answer, read by the expectations.
  body: any;
}

interface Person {
  id: string;
  username: string;
  token: string;
}

describe.skipIf(deploymentMissing)('the client address behind deploy/nginx.conf', () => {
  const processes = builtProcesses();
  let site: Install;
  let proxy: NginxProxy;
  let boss: Person;

  /** An api call through nginx from the local address `from`, with what the client writes into X-Forwarded-For. */
  function call(from: string, method: string, path: string, options: { token?: string; body?: unknown; forwarded?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers = {
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(payload && { 'content-type': 'application/json' }),
      ...(options.forwarded && { 'x-forwarded-for': options.forwarded }),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      const req = request(`${proxy.url}/api/v1${path}`, { method, headers, localAddress: from, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /**
   * Opens a socket through nginx from `from` and says what comes first: the server's close code
   * (a refusal), or the answer to a ping (a socket the server admitted and reads).
   */
  function socketFrom(from: string, path: string, token: string, forwarded?: string): Promise<'admitted' | number> {
    const ws = new WebSocket(`${proxy.url.replace('http:', 'ws:')}${path}`, socketProtocols(token), { localAddress: from, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} });
    return new Promise((resolve, reject) => {
      ws.once('open', () => ws.ping());
      ws.once('pong', () => {
        resolve('admitted');
        ws.close();
      });
      ws.once('close', (code) => resolve(code));
      ws.once('error', reject);
    });
  }

  async function register(from: string, name: string): Promise<Person> {
    const username = `${name}${randomBytes(3).toString('hex')}`;
    const res = await call(from, 'POST', '/auth/register', { body: { username, email: `${username}@example.com`, password: PASSWORD } });
    expect(res.status).toBe(201);
    return { id: res.body.user.id, username, token: res.body.accessToken };
  }

  const signIn = (from: string, login: string, password: string, forwarded?: string) => call(from, 'POST', '/auth/login', { body: { login, password }, ...(forwarded && { forwarded }) });

  beforeAll(async () => {
    // Sign-in failures at their real budget (5 per account and address); the rest loose.
    site = await install({ TRUST_PROXY: '1', ADMIN_ALLOWED_ADDRESSES: '10.0.0.0/8,127.0.0.2', LOGIN_RATE: '0.003/5' });
    const [api, sync] = [await processes.spawn('api', site.env), await processes.spawn('sync-server', site.env)];
    await Promise.all([api.start(), sync.start()]);
    proxy = await startProxy({ api: [api.port], sync: [sync.port] }, await freePort());
    boss = await register('127.0.0.2', 'boss');
    await promisify(execFile)('node', [adminCli, 'role', boss.username, 'admin'], { env: { ...process.env, ...site.env } });
  }, 120_000);

  afterAll(async () => {
    await processes.killAll();
    await proxy?.stop();
    if (site) await uninstall(site);
  }, 30_000);

  it('answers the admin api only from an allowed address nginx saw, never from one the client wrote', async () => {
    expect((await call('127.0.0.2', 'GET', '/admin/users', { token: boss.token })).status).toBe(200);
    for (const forwarded of ['10.9.9.9', '127.0.0.2', '203.0.113.5, 10.9.9.9', '10.9.9.9, 127.0.0.2']) {
      expect((await call('127.0.0.1', 'GET', '/admin/users', { token: boss.token, forwarded })).status, forwarded).toBe(404);
    }
  });

  it('refuses an IP-banned client on HTTP, /sync and /game whatever it writes, and not a client that writes the banned address', async () => {
    const [banned, bystander] = [await register('127.0.0.3', 'banned'), await register('127.0.0.1', 'bystander')];
    const ban = await call('127.0.0.2', 'POST', '/admin/bans', { token: boss.token, body: { address: '127.0.0.3', duration: '1h', reason: 'abuse' }, forwarded: '10.9.9.9' });
    expect(ban.status).toBe(201);

    const forged = '198.51.100.4';
    // Every process, the api's too, hears of the ban over Redis and reloads its gate.
    await vi.waitFor(async () => expect((await call('127.0.0.3', 'GET', '/me', { token: banned.token, forwarded: forged })).body.error?.code).toBe('site_banned'), { timeout: 10_000, interval: 100 });
    await vi.waitFor(async () => expect(await socketFrom('127.0.0.3', `/sync/${userRoom(banned.id)}`, banned.token, forged)).toBe(CloseCode.banned), { timeout: 10_000, interval: 100 });
    expect(await socketFrom('127.0.0.3', '/game/queue', banned.token, forged)).toBe(CloseCode.banned);

    expect((await call('127.0.0.1', 'GET', '/me', { token: bystander.token, forwarded: '127.0.0.3' })).status).toBe(200);
    expect(await socketFrom('127.0.0.1', `/sync/${userRoom(bystander.id)}`, bystander.token, '127.0.0.3')).toBe('admitted');
    expect(await socketFrom('127.0.0.1', '/game/queue', bystander.token, '127.0.0.3')).toBe('admitted');

    // The audit log has the ban made from where the admin was, not from the address they wrote.
    const audit = await call('127.0.0.2', 'GET', '/admin/audit?action=site.ban', { token: boss.token });
    expect(audit.body.entries.find((e: { targetAddress: string }) => e.targetAddress === '127.0.0.3/32')).toMatchObject({ address: '127.0.0.2' });
  });

  it('counts wrong sign-ins by the address nginx saw: rotating the written address does not reset them, another real address still signs in', async () => {
    const victim = await register('127.0.0.1', 'victim');
    for (let i = 0; i < 5; i++) expect((await signIn('127.0.0.4', victim.username, 'wrong password', `203.0.113.${i}`)).status).toBe(401);
    expect((await signIn('127.0.0.4', victim.username, PASSWORD, '203.0.113.99')).status).toBe(429);
    expect((await signIn('127.0.0.4', victim.username, PASSWORD)).status).toBe(429);
    expect((await signIn('127.0.0.5', victim.username, PASSWORD)).status).toBe(200);
  });

  it('lists a session, and a socket’s last address, at the address nginx saw', async () => {
    const person = await register('127.0.0.1', 'traveller');
    // Nor is what it says of its scheme: nginx serves plain HTTP here, so the cookie is not `Secure`.
    const session = await call('127.0.0.6', 'POST', '/auth/login', {
      body: { login: person.username, password: PASSWORD },
      forwarded: '203.0.113.7',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(session.status).toBe(200);
    expect(String(session.headers['set-cookie'])).toContain(`${REFRESH_COOKIE}=`);
    expect(String(session.headers['set-cookie'])).not.toMatch(/;\s*secure/i);
    const sessions = await call('127.0.0.6', 'GET', '/me/sessions', { token: session.body.accessToken });
    expect(sessions.body.items.find((s: { current: boolean }) => s.current)).toMatchObject({ address: '127.0.0.6' });

    expect(await socketFrom('127.0.0.7', `/sync/${userRoom(person.id)}`, person.token, '203.0.113.8')).toBe('admitted');
    await vi.waitFor(
      async () => {
        const listed = await call('127.0.0.2', 'GET', `/admin/users?q=${person.username}`, { token: boss.token });
        expect(listed.body.users[0]).toMatchObject({ username: person.username, lastAddress: '127.0.0.7' });
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('records a bot token’s last use at the address nginx saw, on HTTP and on /sync', async () => {
    const owner = await register('127.0.0.1', 'owner');
    const bot = await call('127.0.0.1', 'POST', '/bots', { token: owner.token, body: { username: `bot${randomBytes(3).toString('hex')}` } });
    expect(bot.status).toBe(201);
    const mint = (name: string) => call('127.0.0.1', 'POST', `/bots/${bot.body.id}/tokens`, { token: owner.token, body: { name, scope: { access: 'read', conversations: null } } });
    const [overHttp, overSocket] = [await mint('http'), await mint('socket')];
    expect((await call('127.0.0.8', 'GET', '/me', { token: overHttp.body.token, forwarded: '203.0.113.9' })).status).toBe(200);
    expect(await socketFrom('127.0.0.9', `/sync/${userRoom(bot.body.id)}`, overSocket.body.token, '203.0.113.10')).toBe('admitted');
    await vi.waitFor(
      async () => {
        const tokens = await call('127.0.0.1', 'GET', `/bots/${bot.body.id}/tokens`, { token: owner.token });
        expect(Object.fromEntries(tokens.body.items.map((t: { name: string; lastUsedAddress: string | null }) => [t.name, t.lastUsedAddress]))).toEqual({ http: '127.0.0.8', socket: '127.0.0.9' });
      },
      { timeout: 10_000, interval: 100 },
    );
  });
});
