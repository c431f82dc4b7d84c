import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const config = fileURLToPath(new URL('./config.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'volley-first-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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
