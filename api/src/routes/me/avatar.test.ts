import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AVATAR_MAX_BYTES, ErrorBody, UserProfile } from '@volley/shared';
import { bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'volley-avatars-'));
  t = await startTestApi({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const image = (format: 'png' | 'jpeg', color = '#f80') =>
  sharp({ create: { width: 600, height: 400, channels: 3, background: color } }).withMetadata({ exif: { IFD0: { Copyright: 'secret place' } } })[format]().toBuffer();
const upload = (s: Session, body: Uint8Array<ArrayBuffer> | Buffer, type: string) =>
  t.request('/api/v1/me/avatar', { method: 'PUT', headers: { ...bearer(s), 'Content-Type': type }, body: new Uint8Array(body) });
const files = () => readdir(join(dataDir, 'media', 'avatars')).catch(() => []);

describe('PUT /api/v1/me/avatar', () => {
  it('re-encodes to a 256×256 WebP without metadata, served immutable; a new one replaces the old file', async () => {
    const s = await signUp(t);
    const res = await upload(s, await image('png'), 'image/png');
    expect(res.status).toBe(200);
    const { avatarUrl } = UserProfile.parse(await res.json());
    expect(avatarUrl).toMatch(new RegExp(`^/media/avatars/${s.user.id}-[0-9a-f]{16}\\.webp$`));
    const served = await t.request(avatarUrl!);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();

    // The bytes decide: a JPEG declared as WebP is still a JPEG, and fine.
    const second = UserProfile.parse(await (await upload(s, await image('jpeg', '#08f'), 'image/webp')).json());
    expect(second.avatarUrl).not.toBe(avatarUrl);
    expect(await files()).toEqual([second.avatarUrl!.split('/').pop()]);
    expect((await t.request(avatarUrl!)).status).toBe(404);

    const removed = await t.request('/api/v1/me/avatar', { method: 'DELETE', headers: bearer(s) });
    expect(UserProfile.parse(await removed.json()).avatarUrl).toBeNull();
    expect(await files()).toEqual([]);
  });

  it.each([
    ['text that claims to be a PNG', () => Buffer.from('hello, not an image'), 'image/png', 415, 'unsupported_media_type'],
    ['a PNG header with nothing after it', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png', 415, 'unsupported_media_type'],
    ['a GIF', () => Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64'), 'image/png', 415, 'unsupported_media_type'],
    ['an image sent as text/plain', () => image('png'), 'text/plain', 415, 'unsupported_media_type'],
    ['an empty body', () => Buffer.alloc(0), 'image/png', 400, 'bad_request'],
    ['one byte over 2 MB', () => Buffer.alloc(AVATAR_MAX_BYTES + 1), 'image/png', 413, 'payload_too_large'],
  ] as const)('refuses %s', async (_, body, type, status, code) => {
    const s = await signUp(t);
    const res = await upload(s, await body(), type);
    expect(res.status).toBe(status);
    expect(ErrorBody.parse(await res.json()).error.code).toBe(code);
  });
});

describe('GET /media/avatars/:file', () => {
  it.each(['../jwt-secret', '..%2Fjwt-secret', 'x.webp', `${'0'.repeat(26)}-${'a'.repeat(16)}.webp`])('answers 404 in the error shape for %s', async (file) => {
    const res = await t.request(`/media/avatars/${file}`);
    expect(res.status).toBe(404);
    expect(ErrorBody.parse(await res.json()).error.code).toBe('not_found');
  });
});

describe('PUT /api/v1/bots/:botId/avatar', () => {
  it('sets a bot’s picture the same way, for its owner only', async () => {
    const [owner, other] = [await signUp(t), await signUp(t)];
    const bot = await (await t.post('/api/v1/bots', { username: `pic_${owner.user.id.slice(-8).toLowerCase()}` }, bearer(owner))).json();
    const put = (s: Session) => t.request(`/api/v1/bots/${bot.id}/avatar`, { method: 'PUT', headers: { ...bearer(s), 'Content-Type': 'image/png' }, body: new Uint8Array(Buffer.from('x')) });
    expect((await put(other)).status).toBe(404);
    const res = await t.request(`/api/v1/bots/${bot.id}/avatar`, { method: 'PUT', headers: { ...bearer(owner), 'Content-Type': 'image/png' }, body: new Uint8Array(await image('png')) });
    expect(res.status).toBe(200);
    const { avatarUrl } = (await res.json()) as { avatarUrl: string };
    expect(avatarUrl).toMatch(/^\/media\/avatars\/.+\.webp$/);
    expect((await t.request(avatarUrl)).headers.get('content-type')).toBe('image/webp');
  });
});
