/**
 * API answers are compressed by the api itself, embedded or alone: brotli or gzip as the client
 * accepts, plain to one that accepts neither, with `Vary: Accept-Encoding` either way; an avatar
 * (WebP, already compressed) never.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '@volley/shared';
import { avatarDir } from './services/avatars.js';
import { bearer, signUp, startTestApi, type Session, type TestApi } from './api.testing.js';

/** The bytes on the wire, not decoded (fetch would decode them). */
function raw(t: TestApi, path: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${t.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('compressed api answers', () => {
  let t: TestApi;
  let me: Session;
  const prefix = `cmp${Date.now() % 100_000}`;

  beforeAll(async () => {
    t = await startTestApi();
    me = await signUp(t);
    await Promise.all(Array.from({ length: 30 }, (_, i) => signUp(t, `${prefix}_${i}`)));
  });
  afterAll(() => t?.close());

  it('sends a list of users in brotli or gzip as accepted, plain otherwise, with Vary: Accept-Encoding', async () => {
    const path = `/api/v1/users?q=${prefix}&limit=50`;
    const plain = await raw(t, path, { ...bearer(me), 'accept-encoding': 'identity' });
    const none = await raw(t, path, bearer(me));
    const br = await raw(t, path, { ...bearer(me), 'accept-encoding': 'gzip, deflate, br' });
    const gzip = await raw(t, path, { ...bearer(me), 'accept-encoding': 'gzip' });
    expect(plain.body.length).toBeGreaterThan(2048);
    expect(JSON.parse(plain.body.toString()).items).toHaveLength(30);
    for (const answer of [plain, none]) expect(answer.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(plain.body)).toBe(true);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
    expect(br.body.length * 3).toBeLessThan(plain.body.length);
    for (const answer of [plain, none, br, gzip]) {
      expect(answer.headers.vary).toMatch(/accept-encoding/i);
      expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('sends an avatar as it is stored, whatever the client accepts', async () => {
    const file = `${newId()}-0123456789abcdef.webp`;
    mkdirSync(avatarDir(t.deps.config.dataDir), { recursive: true });
    const image = Buffer.concat([Buffer.from('RIFF\0\0\0\0WEBPVP8 '), Buffer.alloc(4096, 7)]);
    writeFileSync(join(avatarDir(t.deps.config.dataDir), file), image);
    const answer = await raw(t, `/media/avatars/${file}`, { 'accept-encoding': 'br, gzip' });
    expect(answer.headers['content-type']).toBe('image/webp');
    expect(answer.headers['content-encoding']).toBeUndefined();
    expect(answer.body.equals(image)).toBe(true);
  });
});
