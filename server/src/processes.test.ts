/**
 * The processes as an operator runs them (docs/operations.md): started together, probed, stopped with
 * SIGTERM. PostgreSQL + Redis when their URLs are set (on a database of the test's own), PGlite otherwise.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, socketProtocols, userRoom } from '@volley/shared';
import * as Y from 'yjs';
import { apiCall, open, registerUsers, syncedOf } from '../../bench/lib/clients.js';
import { freePort, kill, ownDatabase, proc, type Proc } from '../../bench/lib/processes.js';

const adminCli = fileURLToPath(new URL('../../api/dist/admin-cli.js', import.meta.url));
const scaledOut = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const running: Proc[] = [];
let database: Awaited<ReturnType<typeof ownDatabase>> | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'volley-processes-'));
  mkdirSync(join(dataDir, 'pwa'));
  writeFileSync(join(dataDir, 'pwa', 'index.html'), '<!doctype html><title>Volley</title>');
  database = process.env.DATABASE_URL ? await ownDatabase(process.env.DATABASE_URL) : undefined;
  env = { DATA_DIR: dataDir, PWA_DIR: join(dataDir, 'pwa'), JWT_SECRET: randomBytes(32).toString('hex'), ...(database && { DATABASE_URL: database.url }) };
});
afterAll(async () => {
  await Promise.all(running.map((p) => p.child && kill(p, 'SIGKILL')));
  await database?.drop();
});

async function start(pkg: string, extra: Record<string, string> = {}): Promise<Proc> {
  const p = proc(pkg, false, { ...env, ...extra }, await freePort());
  running.push(p);
  await p.start();
  return p;
}

const readyz = async (p: Proc) => {
  const res = await fetch(`http://127.0.0.1:${p.port}/readyz`);
  return { status: res.status, body: (await res.json()) as { error?: { checks: Record<string, string> } } };
};

describe.runIf(scaledOut)('scale-out processes', () => {
  it('all become ready when four start at once against a fresh database, and stop cleanly, the operator reaching whichever api process lives', async () => {
    const four = await Promise.all(['api', 'sync-server', 'api', 'sync-server'].map((pkg) => start(pkg)));
    for (const p of four) expect((await readyz(p)).status).toBe(200);
    // The operator's command line reaches the api process left when the other on the same data
    // directory died with -9, and clears the socket the dead one left.
    await kill(four[0]!, 'SIGKILL');
    const rest = four.slice(1);
    expect(readdirSync(join(env.DATA_DIR!, 'admin'))).toHaveLength(2);
    const users = await promisify(execFile)('node', [adminCli, 'users'], { env: { ...process.env, ...env } });
    expect(JSON.parse(users.stdout)).toHaveProperty('users');
    // Stopped together, the others exit cleanly (0) within their 9 s.
    const exits = rest.map((p) => new Promise<number | null>((resolve) => p.child.once('exit', resolve)));
    const sent = Date.now();
    rest.forEach((p) => p.child.kill('SIGTERM'));
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect(Date.now() - sent).toBeLessThan(10_000);
    // Each removed its own operator socket on the way out. Those left by processes killed with -9 (the
    // api above, unless the command line met it first and removed it; and one more, made here) are
    // removed by the next api process to start.
    const leftover = join(env.DATA_DIR!, 'admin', 'deadbeef.sock');
    const holder = spawn(process.execPath, ['-e', `require('node:net').createServer().listen(${JSON.stringify(leftover)}, () => console.log('listening'))`]);
    await once(holder.stdout, 'data');
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const left = readdirSync(join(env.DATA_DIR!, 'admin'));
    expect(left).toContain('deadbeef.sock');
    expect(left.length).toBeLessThanOrEqual(2);
    const next = await start('api');
    // Only its own socket is left.
    const onlyNew = () => {
      const now = readdirSync(join(env.DATA_DIR!, 'admin'));
      return now.length === 1 && !left.includes(now[0]!);
    };
    await expect.poll(onlyNew, { timeout: 10_000 }).toBe(true);
    await kill(next, 'SIGTERM');
  }, 120_000);

  it('answers /readyz 503 naming the database once PostgreSQL is unreachable, while /healthz stays 200', async () => {
    const pgUrl = new URL(database!.url);
    // A stand-in for the network between the process and PostgreSQL, which the test can cut.
    const links = new Set<Socket>();
    const cable = createServer((client) => {
      const upstream = new Socket().connect(Number(pgUrl.port || 5432), pgUrl.hostname);
      links.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => [client, upstream].forEach((s) => s.destroy());
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    const cablePort = await freePort();
    await new Promise<void>((resolve) => cable.listen(cablePort, '127.0.0.1', resolve));
    const viaCable = new URL(database!.url);
    viaCable.hostname = '127.0.0.1';
    viaCable.port = String(cablePort);
    const sync = await start('sync-server', { DATABASE_URL: viaCable.toString(), REDIS_PREFIX: `volley-test-${randomBytes(4).toString('hex')}:` });

    cable.close(); // stops accepting; the links are cut next (awaiting the close would wait for them)
    links.forEach((s) => s.destroy());
    const { status, body } = await readyz(sync);
    expect(status).toBe(503);
    expect(body.error!.checks.database).not.toBe('ok');
    expect((await fetch(`http://127.0.0.1:${sync.port}/healthz`)).status).toBe(200);
    await kill(sync, 'SIGKILL');
  }, 60_000);

  it('shows a user whose sync server was killed with -9 offline to a friend on another within 10 s', async () => {
    const [api, a, b] = await Promise.all([start('api'), start('sync-server'), start('sync-server')]);
    const apiUrl = `http://127.0.0.1:${api.port}/api/v1`;
    const [alice, bob] = await registerUsers(apiUrl, 2, `crash${randomBytes(3).toString('hex')}_`);
    const request = await apiCall<{ id: string }>(apiUrl, bob!, 'POST', '/friends/requests', { userId: alice!.id });
    await apiCall(apiUrl, alice!, 'POST', `/friends/requests/${request.id}/accept`);
    const alicesTab = open(`ws://127.0.0.1:${a.port}/sync`, userRoom(alice!.id), new Y.Doc(), alice!.token);
    const bobsTab = open(`ws://127.0.0.1:${b.port}/sync`, userRoom(bob!.id), new Y.Doc(), bob!.token);
    await Promise.all([syncedOf(alicesTab), syncedOf(bobsTab)]);
    bobsTab.awareness.setLocalState({ status: 'online' });
    const bobShown = () => {
      for (const state of alicesTab.awareness.getStates().values()) if ('presence' in state) return (state.presence as Record<string, string>)[bob!.id];
      return undefined;
    };
    await vi.waitFor(() => expect(bobShown()).toBe('online'), { timeout: 10_000 });

    bobsTab.shouldConnect = false; // the client itself must not come back elsewhere: the test is about the dead process
    const killed = Date.now();
    await kill(b, 'SIGKILL');
    await vi.waitFor(() => expect(bobShown()).toBeUndefined(), { timeout: 15_000, interval: 100 });
    const after = Date.now() - killed;
    expect(after).toBeLessThan(10_000);
    alicesTab.destroy();
    bobsTab.destroy();
  }, 90_000);
});

describe('SIGTERM', () => {
  it('closes the sockets with the retryable 4502 and exits cleanly within 10 s', async () => {
    const server = await start('server');
    const [user] = await registerUsers(`http://127.0.0.1:${server.port}/api/v1`, 1, `term${randomBytes(3).toString('hex')}_`);
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/sync/${userRoom(user!.id)}`, socketProtocols(user!.token));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', resolve));

    const sent = Date.now();
    server.child.kill('SIGTERM');

    expect(await closed).toBe(CloseCode.goingAway);
    expect(await exited).toBe(0);
    expect(Date.now() - sent).toBeLessThan(10_000);
  }, 90_000);
});
