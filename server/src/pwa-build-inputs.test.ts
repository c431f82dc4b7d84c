import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The PWA's build is skipped when the sum of its inputs is the one of the last build
 * (pwa/scripts/build.mjs): a change the bundle is made of must change the sum, or `npm start` would
 * serve a stale PWA. The script runs in a small workspace shaped like this one.
 */
const script = fileURLToPath(new URL('../../pwa/scripts/build.mjs', import.meta.url));
let root: string;

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const pkg = (name: string, deps: Record<string, string> = {}, devDeps: Record<string, string> = {}) =>
  JSON.stringify({ name, dependencies: deps, devDependencies: devDeps });

const inputs = (env: Record<string, string> = {}) =>
  execFileSync(process.execPath, [join(root, 'pwa/scripts/build.mjs'), '--inputs'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' }).trim();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'volley-pwa-inputs-'));
  write('package.json', JSON.stringify({ workspaces: ['shared', 'client', 'server', 'pwa'] }));
  write('package-lock.json', '{"lockfileVersion":3}');
  write('tsconfig.base.json', '{}');
  write('node_modules/.package-lock.json', '{"packages":{}}');
  write('shared/package.json', pkg('@volley/shared'));
  write('shared/src/index.ts', 'export const a = 1;');
  write('client/package.json', pkg('@volley/client', { '@volley/shared': '0.1.0' }, { '@volley/server': '0.1.0' }));
  write('client/src/index.ts', 'export const b = 2;');
  write('server/package.json', pkg('@volley/server', { '@volley/shared': '0.1.0' }));
  write('server/src/main.ts', 'export const c = 3;');
  write('pwa/package.json', pkg('@volley/pwa', { '@volley/client': '0.1.0' }));
  write('pwa/src/main.ts', 'export const d = 4;');
  write('pwa/dist/index.html', '<!doctype html>');
  write('pwa/scripts/build.mjs', '');
  copyFileSync(script, join(root, 'pwa/scripts/build.mjs'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the PWA build inputs', () => {
  it('are the same sum when nothing changed', () => {
    expect(inputs()).toBe(inputs());
  });

  it.each([
    ['a PWA source', 'pwa/src/main.ts'],
    ['a source of the client library it imports', 'client/src/index.ts'],
    ['a source of shared, which the client imports', 'shared/src/index.ts'],
    ['a new file', 'pwa/src/new.ts'],
    ['the lockfile', 'package-lock.json'],
    ['what npm installed', 'node_modules/.package-lock.json'],
  ])('change with %s', (_, path) => {
    const before = inputs();
    appendFileSync(join(root, path), '\n// changed');
    expect(inputs()).not.toBe(before);
  });

  it('change with a VITE_ variable of the environment', () => {
    expect(inputs({ VITE_EXAMPLE: '1' })).not.toBe(inputs());
  });

  it('do not change with the server, the build output or a test dependency of the client', () => {
    const before = inputs();
    appendFileSync(join(root, 'server/src/main.ts'), '\n// changed');
    write('pwa/dist/assets/x.js', 'built');
    write('client/dist/index.js', 'built');
    expect(inputs()).toBe(before);
  });
});
