import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '@volley/core';
import { ErrorBody, type StickerPack } from '@volley/shared';
import { as, bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';

let t: TestApi;
let admin: Session;
let member: Session;
beforeAll(async () => {
  t = await startTestApi();
  [admin, member] = [await signUp(t), await signUp(t)];
  await User.query(t.deps.db).patch({ role: 'admin' }).findById(admin.user.id);
}, 120_000);
afterAll(() => t?.close());

const addSticker = (who: Session, packId: string, body: Buffer, name: string) =>
  t.request(`/api/v1/admin/sticker-packs/${packId}/stickers?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { ...bearer(who), 'Content-Type': 'application/octet-stream' },
    body: new Uint8Array(body),
    duplex: 'half',
  } as RequestInit);

const errorOf = async (res: Response) => ErrorBody.parse(await res.json()).error.code;
const png = (width: number, height: number) => sharp({ create: { width, height, channels: 4, background: '#3c9' } }).png().toBuffer();

async function pack(name: string): Promise<string> {
  const res = await as(t, admin)('POST', '/api/v1/admin/sticker-packs', { name });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('sticker packs', () => {
  it('a site admin makes a pack and fills it; members list it and read each sticker at sticker size, without metadata', async () => {
    const id = await pack('Cats');
    const big = await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#c33' } }).png().withExif({ IFD0: { Copyright: 'kept nowhere' } }).toBuffer();
    const res = await addSticker(admin, id, big, 'waving cat.png');
    expect(res.status).toBe(201);
    const sticker = (await res.json()) as { id: string; url: string };
    expect(sticker).toMatchObject({ name: 'waving cat', width: 320, height: 160 });
    expect((await addSticker(admin, id, await png(64, 64), 'sleepy')).status).toBe(201);

    const listed = (await (await as(t, member)('GET', '/api/v1/sticker-packs')).json()) as { packs: StickerPack[] };
    expect(listed.packs.find((p) => p.id === id)?.stickers.map((s) => s.name)).toEqual(['waving cat', 'sleepy']);
    const image = await t.request(sticker.url, { headers: bearer(member) });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('cache-control')).toContain('immutable');
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 320, 160, undefined]);
    expect((await t.request(sticker.url)).status).toBe(401);
  });

  it('only a site admin makes, fills or deletes a pack', async () => {
    const id = await pack('Admins only');
    expect(await errorOf(await as(t, member)('POST', '/api/v1/admin/sticker-packs', { name: 'Mine' }))).toBe('forbidden');
    expect(await errorOf(await addSticker(member, id, await png(32, 32), 'sneaky'))).toBe('forbidden');
    expect(await errorOf(await as(t, member)('DELETE', `/api/v1/admin/sticker-packs/${id}`))).toBe('forbidden');
    const listed = (await (await as(t, member)('GET', '/api/v1/sticker-packs')).json()) as { packs: StickerPack[] };
    expect(listed.packs.find((p) => p.id === id)?.stickers).toEqual([]);
  });

  it('refuses what is not an image the pipeline reads, as uploads are refused', async () => {
    const id = await pack('Hostile');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
    expect([(await addSticker(admin, id, svg, 'x.svg')).status, await errorOf(await addSticker(admin, id, svg, 'x.svg'))]).toEqual([415, 'file_type_not_allowed']);
    const truncated = (await png(64, 64)).subarray(0, 60);
    expect(await errorOf(await addSticker(admin, id, truncated, 'broken'))).toBe('invalid_image');
    expect(await errorOf(await addSticker(admin, id, Buffer.alloc(3 * 1024 * 1024, 1), 'huge'))).toBe('file_too_large');
    expect(await errorOf(await addSticker(admin, id, Buffer.alloc(0), 'empty'))).toBe('bad_request');
    const listed = (await (await as(t, admin)('GET', '/api/v1/sticker-packs')).json()) as { packs: StickerPack[] };
    expect(listed.packs.find((p) => p.id === id)?.stickers).toEqual([]);
  });

  it('a pack turned off leaves the list until turned on again, its images still read; only a site admin turns it or lists it', async () => {
    const id = await pack('Seasonal');
    const sticker = (await (await addSticker(admin, id, await png(40, 40), 'snowman')).json()) as { url: string };
    const listedNow = async () => ((await (await as(t, member)('GET', '/api/v1/sticker-packs')).json()) as { packs: StickerPack[] }).packs.some((p) => p.id === id);
    expect(await errorOf(await as(t, member)('PATCH', `/api/v1/admin/sticker-packs/${id}`, { enabled: false }))).toBe('forbidden');
    expect((await as(t, admin)('PATCH', `/api/v1/admin/sticker-packs/${id}`, { enabled: false })).status).toBe(204);
    expect(await listedNow()).toBe(false);
    // The site admins still see it, turned off, to turn it on again; no one else reads that list.
    const managed = (await (await as(t, admin)('GET', '/api/v1/admin/sticker-packs')).json()) as { packs: (StickerPack & { enabled: boolean })[] };
    expect(managed.packs.find((p) => p.id === id)).toMatchObject({ name: 'Seasonal', enabled: false, stickers: [{ name: 'snowman' }] });
    expect(await errorOf(await as(t, member)('GET', '/api/v1/admin/sticker-packs'))).toBe('forbidden');
    // Messages that carry one keep showing it.
    expect((await t.request(sticker.url, { headers: bearer(member) })).status).toBe(200);
    expect((await as(t, admin)('PATCH', `/api/v1/admin/sticker-packs/${id}`, { enabled: true })).status).toBe(204);
    expect(await listedNow()).toBe(true);
    expect(await errorOf(await as(t, admin)('PATCH', `/api/v1/admin/sticker-packs/${id}`, { enabled: 'no' }))).toBe('validation_failed');
  });

  it('a deleted pack is gone with its images', async () => {
    const id = await pack('Short-lived');
    const sticker = (await (await addSticker(admin, id, await png(40, 40), 'bye')).json()) as { url: string };
    expect((await as(t, admin)('DELETE', `/api/v1/admin/sticker-packs/${id}`)).status).toBe(204);
    const listed = (await (await as(t, member)('GET', '/api/v1/sticker-packs')).json()) as { packs: StickerPack[] };
    expect(listed.packs.some((p) => p.id === id)).toBe(false);
    expect((await t.request(sticker.url, { headers: bearer(member) })).status).toBe(404);
    expect((await as(t, admin)('DELETE', `/api/v1/admin/sticker-packs/${id}`)).status).toBe(404);
  });
});
