import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@volley/shared';
import { loadConfig } from '@volley/core';
import { addMessages, as, bearer, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';
import { openBlobStore } from '../../storage/index.js';
import { startS3 } from '../../storage/storage.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ ATTACHMENT_MAX_BYTES: String(200_000) });
}, 120_000);
afterAll(() => t?.close());

const upload = (who: Session, convId: string, body: BodyInit | Buffer, name?: string, headers: Record<string, string> = {}) =>
  t.request(`/api/v1/conversations/${convId}/attachments${name === undefined ? '' : `?name=${encodeURIComponent(name)}`}`, {
    method: 'POST',
    headers: { ...bearer(who), 'Content-Type': 'application/octet-stream', ...headers },
    body: Buffer.isBuffer(body) ? new Uint8Array(body) : body,
    duplex: 'half',
  } as RequestInit);

const download = (who: Session, path: string) => t.request(path, { headers: bearer(who) });

async function channelWith(owner: Session, ...members: Session[]): Promise<string> {
  const res = await as(t, owner)('POST', '/api/v1/channels', { name: `files-${Math.random().toString(36).slice(2, 10)}`, access: 'public' });
  const { id } = (await res.json()) as { id: string };
  for (const m of members) expect((await as(t, m)('POST', `/api/v1/conversations/${id}/join`, {})).status).toBeLessThan(300);
  return id;
}

/** An upload over a connection of its own, its head first, then its body in `pieces`, a pause between each. */
async function rawUpload(who: Session, convId: string, name: string, length: number, pieces: Buffer[]): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(t.url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let answer = '';
  socket.setEncoding('latin1').on('data', (text: string) => (answer += text));
  const ended = new Promise<string>((resolve) => socket.once('close', () => resolve(answer)));
  socket.write(`POST /api/v1/conversations/${convId}/attachments?name=${name} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${who.accessToken}\r\nContent-Length: ${length}\r\n\r\n`);
  for (const piece of pieces) {
    await sleep(30);
    if (socket.destroyed) break;
    socket.write(piece);
  }
  return { socket, answer: ended };
}

async function errorOf(res: Response): Promise<ErrorBody['error']> {
  return ErrorBody.parse(await res.json()).error;
}

/** A PNG of `width` × `height` whose header declares other dimensions (its CRC made right again). */
async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00f' } }).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('attachments', () => {
  it('a PNG is kept re-encoded, with a thumbnail of the same aspect ratio and no metadata', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const png = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#c33' } })
      .png()
      .withExif({ IFD0: { Copyright: 'kept nowhere' } })
      .toBuffer();
    const res = await upload(owner, id, png, 'holiday.png');
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string; name: string; type: string; size: number; width: number; height: number; thumbnail: string };
    expect(view).toMatchObject({ name: 'holiday.png', type: 'image/png', width: 600, height: 300, thumbnail: `/api/v1/attachments/${view.id}/thumbnail` });

    const file = await download(owner, `/api/v1/attachments/${view.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(view.size);
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();

    const thumb = await download(owner, view.thumbnail);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([320, 160]);
  });

  it('takes files sent at once, each kept whole', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const texts = Array.from({ length: 6 }, (_, i) => `${i} ${'the same line, again and again\n'.repeat(4000 + i)}`);
    const answers = await Promise.all(texts.map((text, i) => upload(owner, id, Buffer.from(text), `notes-${i}.txt`)));
    expect(answers.map((res) => res.status)).toEqual(Array(6).fill(201));
    const views = (await Promise.all(answers.map((res) => res.json()))) as { id: string }[];
    const kept = await Promise.all(views.map(async (view) => (await download(owner, `/api/v1/attachments/${view.id}`)).text()));
    expect(kept).toEqual(texts);
  });

  it('takes a body that comes in pieces whole, and closes its connection after the answer', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const text = Buffer.from('a line of the notes, written out again\n'.repeat(5000));
    const pieces = [0, 1, 2, 3, 4].map((i) => text.subarray((i * text.length) / 5, ((i + 1) * text.length) / 5));
    const { answer } = await rawUpload(owner, id, 'pieces.txt', text.length, pieces);
    // The whole answer, then the connection's end: no other request is read on it.
    const [head, body] = (await answer).split('\r\n\r\n') as [string, string];
    expect(head).toMatch(/^HTTP\/1\.1 201 /);
    expect(head.toLowerCase()).toContain('connection: close');
    const view = JSON.parse(body) as { id: string; size: number };
    expect(view.size).toBe(text.length);
    const kept = Buffer.from(await (await download(owner, `/api/v1/attachments/${view.id}`)).arrayBuffer());
    expect(kept.equals(text)).toBe(true);
  });

  it('keeps nothing of a body whose sender went away before its end, and takes the next', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const { socket, answer } = await rawUpload(owner, id, 'gone.txt', 150_000, [Buffer.alloc(40_000, 'g'), Buffer.alloc(40_000, 'h')]);
    socket.destroy();
    await answer;
    expect((await upload(owner, id, Buffer.alloc(100_000, 'k'), 'next.txt')).status).toBe(201);
    const rows = (await t.deps.db('attachments').where('uploader_id', owner.user.id).select('name')) as { name: string }[];
    expect(rows.map((row) => row.name)).toEqual(['next.txt']);
    expect((await t.request('/healthz')).status).toBe(200);
  });

  it('a JPEG loses its GPS position', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3c3' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 3/1' } })
      .toBuffer();
    const fixtureExif = (await sharp(jpeg).metadata()).exif;
    expect(fixtureExif?.includes(Buffer.from('Camera'))).toBe(true);
    const view = (await (await upload(owner, id, jpeg, 'here.jpg')).json()) as { id: string; type: string };
    expect(view.type).toBe('image/jpeg');
    const bytes = Buffer.from(await (await download(owner, `/api/v1/attachments/${view.id}`)).arrayBuffer());
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('Camera'))).toBe(false);
  });

  it('an HTML page named x.png is kept as the text it is, and served as a download that runs nothing', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const res = await upload(owner, id, '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>', 'x.png', { 'Content-Type': 'image/png' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string; type: string; thumbnail?: string };
    expect(view.type).toBe('text/plain');
    expect(view.thumbnail).toBeUndefined();
    const file = await download(owner, `/api/v1/attachments/${view.id}`);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="x\.png"/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
  });

  it('refuses what is not allowed, broken or empty, naming why', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const bomb = await upload(owner, id, await pngDeclaring(100_000, 100_000), 'bomb.png');
    expect([bomb.status, (await errorOf(bomb)).code]).toEqual([400, 'invalid_image']);

    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#888' } }).jpeg().toBuffer();
    const truncated = await upload(owner, id, jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg');
    expect([truncated.status, (await errorOf(truncated)).code]).toEqual([400, 'invalid_image']);

    const empty = await upload(owner, id, new Uint8Array(0), 'nothing.txt');
    expect([empty.status, (await errorOf(empty)).code]).toEqual([400, 'bad_request']);

    const binary = await upload(owner, id, Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7]), 'data.bin');
    expect([binary.status, (await errorOf(binary)).code]).toEqual([415, 'file_type_not_allowed']);

    const png = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#888' } }).png().toBuffer();
    const cutPng = await upload(owner, id, png.subarray(0, 40), 'cut.png');
    expect([cutPng.status, (await errorOf(cutPng)).code]).toEqual([400, 'invalid_image']);

    // After all of them, the server still answers and still takes a good file.
    expect((await t.request('/healthz')).status).toBe(200);
    expect((await upload(owner, id, png, 'fine.png')).status).toBe(201);
  });

  it('a polyglot is what its bytes decode to: a GIF carrying a page keeps the picture and loses the page', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const page = Buffer.from('<html><body><script>fetch("/api/v1/me").then(r=>r.text()).then(alert)</script></body></html>');
    const gif = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#f80' } }).gif().toBuffer();
    const res = await upload(owner, id, Buffer.concat([gif, page]), 'page.html', { 'Content-Type': 'text/html' });
    expect(res.status).toBe(201);
    const view = (await res.json()) as { id: string; type: string; width: number; height: number; thumbnail?: string };
    expect(view).toMatchObject({ type: 'image/gif', width: 20, height: 10 });
    expect(view.thumbnail).toBeDefined();
    const file = await download(owner, `/api/v1/attachments/${view.id}`);
    expect(file.headers.get('content-type')).toBe('image/gif');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.includes(Buffer.from('<script>'))).toBe(false);
    expect((await sharp(bytes).metadata()).format).toBe('gif');

    // A GIF's signature and nothing of a picture after it: refused, not kept as a page.
    const header = await upload(owner, id, Buffer.concat([Buffer.from('GIF89a'), page]), 'x.gif');
    expect([header.status, (await errorOf(header)).code]).toEqual([400, 'invalid_image']);
  });

  it('keeps a hostile file name harmless', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const names: [string, (name: string) => void][] = [
      ['../../etc/passwd', (name) => expect(name).toBe('_.._etc_passwd')],
      ['a\u0007b\u001b[31mc\u202eexe.txt\r\n', (name) => expect(name).toBe('ab[31mcexe.txt')],
      ['é'.repeat(500), (name) => expect(name).toBe('é'.repeat(255))],
      ['', (name) => expect(name).toBe('file')],
    ];
    for (const [given, check] of names) {
      const res = await upload(owner, id, 'some words', given);
      expect(res.status).toBe(201);
      const view = (await res.json()) as { id: string; name: string };
      check(view.name);
      const file = await download(owner, `/api/v1/attachments/${view.id}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).not.toMatch(/[\r\n/\\]/);
    }
    // NUL is ill-formed input, refused as such before anything is read.
    const nul = await upload(owner, id, 'some words', 'a\u0000b.txt');
    expect([nul.status, (await errorOf(nul)).code]).toEqual([400, 'validation_failed']);
  });

  it('refuses a file over the size limit, naming the limit, whether its length is told or not, and keeps serving', async () => {
    const owner = await signUp(t);
    const id = await channelWith(owner);
    const big = Buffer.alloc(300_000, 'a');
    const told = await upload(owner, id, big, 'big.txt');
    expect(told.status).toBe(413);
    expect(await errorOf(told)).toMatchObject({ code: 'file_too_large', limit: 200_000 });

    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 30; i++) controller.enqueue(Buffer.alloc(10_000, 'b'));
        controller.close();
      },
    });
    const streamed = await upload(owner, id, chunks, 'streamed.txt');
    expect(streamed.status).toBe(413);
    expect(await errorOf(streamed)).toMatchObject({ code: 'file_too_large', limit: 200_000 });

    expect((await t.request('/healthz')).status).toBe(200);
    expect((await upload(owner, id, 'still here', 'ok.txt')).status).toBe(201);
  });

  it('in an end-to-end encrypted DM keeps the bytes as they came, with no name and no type of theirs, within the size limit', async () => {
    const [alice, bob] = [await signUp(t), await signUp(t)];
    const dm = (await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id, encrypted: true })).json()) as { id: string };
    // Bytes a plain conversation would take as a picture: here they are ciphertext to the server, never decoded.
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } }).png().toBuffer();
    const res = await upload(alice, dm.id, png, 'holiday.png');
    expect(res.status).toBe(201);
    const view = (await res.json()) as Record<string, unknown>;
    expect(view).toEqual({ id: view.id, name: 'encrypted', type: 'application/octet-stream', size: png.length });
    const served = await download(bob, `/api/v1/attachments/${view.id as string}`);
    expect([served.headers.get('content-type'), Buffer.from(await served.arrayBuffer()).equals(png)]).toEqual(['application/octet-stream', true]);
    const large = await upload(alice, dm.id, Buffer.alloc(200_001, 7));
    expect((await errorOf(large)).code).toBe('file_too_large');
  });

  it('takes an encrypted picture’s thumbnail from its uploader, once, before it is sent, and serves it as ciphertext', async () => {
    const [alice, bob] = [await signUp(t), await signUp(t)];
    const dm = (await (await as(t, alice)('POST', '/api/v1/conversations/dm', { userId: bob.user.id, encrypted: true })).json()) as { id: string };
    const { id } = (await (await upload(alice, dm.id, Buffer.alloc(5_000, 3))).json()) as { id: string };
    const put = (who: typeof alice, body: Buffer) => t.request(`/api/v1/attachments/${id}/thumbnail`, { method: 'PUT', headers: bearer(who), body: new Uint8Array(body) });
    const sealed = Buffer.alloc(700, 9);
    expect((await put(bob, sealed)).status).toBe(404);
    expect((await errorOf(await put(alice, Buffer.alloc(256 * 1024 + 1, 1)))).code).toBe('file_too_large');
    expect((await put(alice, sealed)).status).toBe(204);
    expect((await put(alice, sealed)).status).toBe(409);
    const served = await download(bob, `/api/v1/attachments/${id}/thumbnail`);
    expect([served.status, served.headers.get('content-type'), Buffer.from(await served.arrayBuffer()).equals(sealed)]).toEqual([200, 'application/octet-stream', true]);

    // A plain conversation's thumbnails are the server's own.
    const id2 = await channelWith(alice, bob);
    const { id: plainFile } = (await (await upload(alice, id2, 'notes', 'n.txt')).json()) as { id: string };
    const plain = await t.request(`/api/v1/attachments/${plainFile}/thumbnail`, { method: 'PUT', headers: bearer(alice), body: new Uint8Array(sealed) });
    expect(plain.status).toBe(400);
  });

  it('only those who may send upload, and only those who may read download', async () => {
    const [owner, member, stranger] = [await signUp(t), await signUp(t), await signUp(t)];
    const id = await channelWith(owner, member);
    const outsider = await upload(stranger, id, 'hello', 'a.txt');
    expect([outsider.status, (await errorOf(outsider)).code]).toEqual([403, 'forbidden']);

    const view = (await (await upload(owner, id, 'for members', 'm.txt')).json()) as { id: string };
    expect((await download(member, `/api/v1/attachments/${view.id}`)).status).toBe(200);
    expect((await download(stranger, `/api/v1/attachments/${view.id}`)).status).toBe(404);

    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/kick`, { userId: member.user.id })).status).toBe(204);
    const after = await download(member, `/api/v1/attachments/${view.id}`);
    expect([after.status, (await errorOf(after)).code]).toEqual([404, 'not_found']);
    expect((await t.request(`/api/v1/attachments/${view.id}`)).status).toBe(401);
  });

  it('refuses an upload past the quota, naming it', { timeout: 120_000 }, async () => {
    const small = await startTestApi({ ATTACHMENT_QUOTA_BYTES: '1000' });
    try {
      const owner = await signUpOn(small);
      const res = await as(small, owner)('POST', '/api/v1/channels', { name: 'quota-test', access: 'public' });
      const { id } = (await res.json()) as { id: string };
      const send = (n: number) =>
        small.request(`/api/v1/conversations/${id}/attachments`, { method: 'POST', headers: bearer(owner), body: 'x'.repeat(n) });
      expect((await send(600)).status).toBe(201);
      const over = await send(600);
      expect(over.status).toBe(413);
      expect(await errorOf(over)).toMatchObject({ code: 'quota_exceeded', limit: 1000 });
    } finally {
      await small.close();
    }
  });

  it('a bot token scoped to one channel reads its attachments and is refused those of another channel the bot is in', async () => {
    const owner = await signUp(t);
    const made = (await (await as(t, owner)('POST', '/api/v1/bots', { username: `filebot_${Math.random().toString(36).slice(2, 8)}` })).json()) as { id: string };
    const [mine, other] = [await channelWith(owner), await channelWith(owner)];
    for (const c of [mine, other]) expect((await as(t, owner)('POST', `/api/v1/conversations/${c}/invitations`, { userId: made.id })).status).toBe(204);
    const token = (await (await as(t, owner)('POST', `/api/v1/bots/${made.id}/tokens`, { name: 'files', scope: { access: 'read', conversations: [mine] } })).json()) as { token: string };
    const inMine = (await (await upload(owner, mine, 'in mine', 'a.txt')).json()) as { id: string };
    const inOther = (await (await upload(owner, other, 'in other', 'b.txt')).json()) as { id: string };
    expect((await download({ accessToken: token.token } as Session, `/api/v1/attachments/${inMine.id}`)).status).toBe(200);
    expect((await download({ accessToken: token.token } as Session, `/api/v1/attachments/${inOther.id}`)).status).toBe(403);
  });

  it('lists the files a conversation\'s messages carry, newest first, found by name, to its readers only', async () => {
    const [owner, member] = [await signUp(t), await signUp(t)];
    const id = await channelWith(owner, member);
    const up = async (name: string) => ((await (await upload(owner, id, `bytes of ${name}`, name)).json()) as { id: string }).id;
    const [plan, notes, loose, gone] = [await up('Plan_100%.txt'), await up('notes.txt'), await up('never sent.txt'), await up('deleted.txt')];
    const [first, second, deleted] = await addMessages(t, id, owner.user.id, ['the plan', 'and notes', 'oops']);
    // As the sync server records a send naming them.
    await t.deps.db('attachments').where('id', plan).update({ message_id: first!.id, position: 0 });
    await t.deps.db('attachments').where('id', notes).update({ message_id: second!.id, position: 0 });
    await t.deps.db('attachments').where('id', gone).update({ message_id: deleted!.id, position: 0 });
    await t.deps.db('messages').where('id', deleted!.id).update({ deleted_at: new Date() });

    const list = async (who: Session, query = '') => t.request(`/api/v1/conversations/${id}/attachments${query}`, { headers: bearer(who) });
    const names = async (query = '') => ((await (await list(member, query)).json()) as { items: { name: string }[] }).items.map((f) => f.name);
    expect(await names()).toEqual(['notes.txt', 'Plan_100%.txt']);
    const [newest] = ((await (await list(member)).json()) as { items: unknown[] }).items;
    expect(newest).toMatchObject({ id: notes, type: 'text/plain', messageId: second!.id, seq: second!.seq, author: owner.user.id, authorName: owner.user.username });
    expect(await names('?q=PLAN')).toEqual(['Plan_100%.txt']);
    expect(await names('?q=0%25')).toEqual(['Plan_100%.txt']);
    expect(await names('?q=_')).toEqual(['Plan_100%.txt']);
    expect(await names('?q=sent')).toEqual([]);
    const firstPage = (await (await list(member, '?limit=1')).json()) as { items: { name: string }[]; nextCursor: string };
    expect(firstPage.items.map((f) => f.name)).toEqual(['notes.txt']);
    const secondPage = (await (await list(member, `?limit=1&cursor=${firstPage.nextCursor}`)).json()) as { items: { name: string }[]; nextCursor: string | null };
    expect([secondPage.items.map((f) => f.name), secondPage.nextCursor]).toEqual([['Plan_100%.txt'], null]);
    expect(loose).toBeTruthy();

    expect((await as(t, owner)('POST', `/api/v1/conversations/${id}/kick`, { userId: member.user.id })).status).toBe(204);
    expect((await list(member)).status).toBe(403);
  });

  it('with S3_BUCKET set, the files are kept in the bucket and served from it', { timeout: 120_000 }, async () => {
    const s3 = await startS3();
    const bucketed = await startTestApi(s3.env);
    try {
      const owner = await signUpOn(bucketed);
      const res = await as(bucketed, owner)('POST', '/api/v1/channels', { name: 'bucket-test', access: 'public' });
      const { id } = (await res.json()) as { id: string };
      const png = await sharp({ create: { width: 90, height: 30, channels: 3, background: '#36c' } }).png().toBuffer();
      const up = await bucketed.request(`/api/v1/conversations/${id}/attachments?name=b.png`, { method: 'POST', headers: bearer(owner), body: new Uint8Array(png) });
      expect(up.status).toBe(201);
      const view = (await up.json()) as { id: string; size: number; thumbnail: string };
      const bucket = openBlobStore(loadConfig({ DATA_DIR: '/nonexistent', ...s3.env }));
      expect(await bucket.stat(`attachments/${view.id}/file`)).toEqual({ size: view.size });
      const thumb = await bucketed.request(view.thumbnail, { headers: bearer(owner) });
      expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).width).toBe(90);
    } finally {
      await bucketed.close();
      await s3.close();
    }
  });
});

const signUpOn = (api: TestApi) => signUp(api);
