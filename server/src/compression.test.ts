import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, NO_PROXY } from '@volley/core';
import { createPwaApp } from './static.js';

const precompress = fileURLToPath(new URL('../../pwa/scripts/precompress.mjs', import.meta.url));
let base: string;
let close: () => void;

/** A build like the PWA's, through the PWA's own build step that compresses it. */
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'volley-pwa-'));
  mkdirSync(join(dir, 'assets'));
  const code = Array.from({ length: 400 }, (_, i) => `export const line${i} = 'the same kind of code, again and again';`).join('\n');
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>Volley</title>${'<p>shell</p>'.repeat(200)}`);
  writeFileSync(join(dir, 'assets', 'page-chat-abc123.js'), code);
  writeFileSync(join(dir, 'assets', 'point-abc123.wav'), Buffer.alloc(2048));
  writeFileSync(join(dir, 'sw.js'), code);
  writeFileSync(join(dir, 'manifest.webmanifest'), JSON.stringify({ name: 'Volley', description: 'x'.repeat(2000) }));
  execFileSync(process.execPath, [precompress, dir]);
  const server = createPwaApp(dir, { trustProxy: NO_PROXY }, createLogger('silent')).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

/** The bytes on the wire, not decoded (fetch would decode them). */
function raw(path: string, encoding: string): Promise<{ headers: IncomingHttpHeaders; bytes: number }> {
  return new Promise((resolve, reject) => {
    get(`${base}${path}`, { headers: { 'accept-encoding': encoding, accept: 'text/html,*/*' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length)).on('end', () => resolve({ headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

describe('the PWA’s files on the wire', () => {
  it('go out in brotli, or gzip, to a browser that takes it, several times smaller, and plain to one that does not', async () => {
    for (const path of ['/', '/chat/some-conversation', '/assets/page-chat-abc123.js', '/sw.js', '/manifest.webmanifest']) {
      const [plain, br, gzip] = [await raw(path, 'identity'), await raw(path, 'br, gzip'), await raw(path, 'gzip')];
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      expect(br.bytes * 4, path).toBeLessThan(plain.bytes);
      expect(br.headers.vary, path).toContain('Accept-Encoding');
      expect(br.headers['content-type'], path).toBe(plain.headers['content-type']);
    }
  });

  it('are cached for a year when hashed, revalidated for the shell and the service worker, with their right types', async () => {
    const expected: [string, string, string][] = [
      ['/', 'text/html; charset=utf-8', 'no-cache'],
      ['/sw.js', 'text/javascript; charset=utf-8', 'no-cache'],
      ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8', 'no-cache'],
      ['/assets/page-chat-abc123.js', 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'],
      ['/assets/point-abc123.wav', 'audio/wav', 'public, max-age=31536000, immutable'],
    ];
    for (const [path, type, cache] of expected) {
      const { headers } = await raw(path, 'br');
      expect([path, headers['content-type'], headers['cache-control']]).toEqual([path, type, cache]);
    }
  });
});
