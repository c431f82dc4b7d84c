import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const config = fileURLToPath(new URL('./config.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'volley-first-start-'));
const settingsDir = mkdtempSync(join(tmpdir(), 'volley-settings-'));
afterAll(() => [dataDir, settingsDir].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * A process that loads the configuration on `dataDir` with no secret in its environment, as `npm
 * start` does; it says when it is ready and loads on `go()`, so that several do it at one moment.
 */
function starter(): { ready: Promise<void>; go: () => void; answer: Promise<string> } {
  const script = `const { loadConfig } = await import(${JSON.stringify(config)}); console.log('ready'); process.stdin.once('data', () => { const c = loadConfig({ DATA_DIR: ${JSON.stringify(dataDir)} }); console.log(JSON.stringify([c.jwtSecret, c.push.vapid.publicKey, c.push.vapid.privateKey])); process.exit(0); });`;
  const { JWT_SECRET: _j, VAPID_PUBLIC_KEY: _p, VAPID_PRIVATE_KEY: _k, ...env } = process.env;
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.startsWith('ready\n')) onReady();
  });
  child.stderr.on('data', (chunk) => (err += chunk));
  const answer = new Promise<string>((resolve, reject) =>
    child.on('close', (code) => (code === 0 ? resolve(out.slice('ready\n'.length).trim()) : reject(new Error(`exit ${code}: ${err}`)))),
  );
  return { ready, go: () => child.stdin.write('go\n'), answer };
}

async function startTogether(count: number): Promise<string[]> {
  const starters = Array.from({ length: count }, starter);
  await Promise.all(starters.map((s) => s.ready));
  for (const s of starters) s.go();
  return Promise.all(starters.map((s) => s.answer));
}

describe('the secrets made on the first start', () => {
  it('are the same for processes that start together on one data directory, and kept for the next start', async () => {
    const answers = await startTogether(4);
    const [secret, publicKey, privateKey] = JSON.parse(answers[0]!) as string[];
    expect(secret!.length).toBeGreaterThanOrEqual(32);
    expect(publicKey).toBeTruthy();
    expect(privateKey).toBeTruthy();
    expect(new Set(answers)).toEqual(new Set([answers[0]]));
    expect(await startTogether(1)).toEqual([answers[0]]);
    // Nothing half-made is left beside them.
    expect(readdirSync(dataDir).sort()).toEqual(['jwt-secret', 'vapid-keys.json']);
  }, 120_000);
});

describe('TRUST_PROXY', () => {
  const trustProxy = (value?: string) => loadConfig({ DATA_DIR: settingsDir, TRUST_PROXY: value }).trustProxy;
  const refusal = (value: string) => {
    try {
      trustProxy(value);
    } catch (err) {
      if (err instanceof ConfigError) return err.message;
    }
    return 'accepted';
  };

  it('trusts no proxy unless told: unset, 0 and false leave the socket’s peer as the client', () => {
    expect([trustProxy(), trustProxy('0'), trustProxy('false')]).toEqual([{ hops: 0 }, { hops: 0 }, { hops: 0 }]);
  });

  it('takes a count of proxies or their addresses and ranges', () => {
    expect(trustProxy('1')).toEqual({ hops: 1 });
    expect(trustProxy('127.0.0.1, 10.0.0.0/8')).toEqual({ ranges: ['127.0.0.1/32', '10.0.0.0/8'] });
  });

  it('refuses true, saying what to write instead, and anything that is neither a count nor addresses', () => {
    expect(refusal('true')).toMatch(/TRUST_PROXY: true would take the address the client writes itself.*\(1 behind one nginx\)/);
    for (const bad of ['yes', '-1', '10.0.0.0/33', 'nginx', '127.0.0.1,']) expect(refusal(bad)).toMatch(/TRUST_PROXY: a number of proxies \(1, 2\) or their IP addresses/);
  });
});
