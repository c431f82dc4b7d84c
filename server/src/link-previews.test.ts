import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ConvDoc, convRoom, newId, userRoom, UserDoc, type Message } from '@volley/shared';
import { provider, register, startTestVolley, synced, waitFor, type Person, type TestVolley } from './server.testing.js';

/**
 * A stand-in web site (a real HTTP server): an article with its Open Graph card and image, a page
 * without any, and redirects. Every request is counted by path, so a test can tell the server
 * never came.
 */
class StandInSite {
  readonly hits = new Map<string, number>();
  private readonly servers: Server[] = [];
  private image: Buffer = Buffer.alloc(0);
  port = 0;

  async start(): Promise<void> {
    this.image = await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#36c' } }).png().withExif({ IFD0: { Copyright: 'stand-in' } }).toBuffer();
    // The same site on 127.0.0.1 (allowed for the tests) and on 127.0.0.2 (loopback, not allowed).
    for (const host of ['127.0.0.1', '127.0.0.2']) {
      const server = createServer((req, res) => {
        const path = `${host}${req.url}`;
        this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
        const [route, query] = (req.url ?? '').split('?');
        if (route === '/card.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(this.image);
        if (route === '/moved') return res.writeHead(302, { location: decodeURIComponent(query ?? '') }).end();
        if (route?.startsWith('/article')) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(`<!doctype html><html><head><title>fallback</title>
            <meta property="og:title" content="The \u202eStand-in\u202c   article">
            <meta property="og:description" content="What the stand-in says of itself.">
            <meta property="og:site_name" content="Stand-in News">
            <meta property="og:image" content="/card.png">
            </head><body>${'<p>filler</p>'.repeat(50)}</body></html>`);
        }
        if (route === '/plain') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>nothing to say</body></html>');
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(this.port, host, resolve));
      this.port = (server.address() as AddressInfo).port;
      this.servers.push(server);
    }
  }

  close(): Promise<void> {
    return Promise.all(this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())))).then(() => undefined);
  }
}

const site = new StandInSite();
const providers: WebsocketProvider[] = [];
const t = {
  volley: undefined as unknown as TestVolley,
  open(room: string, person: Person, doc: Y.Doc): WebsocketProvider {
    const opened = provider(t.volley, room, person, doc);
    providers.push(opened);
    return opened;
  },
};
// The stand-in site is on 127.0.0.1, which the tests allow; it is on 127.0.0.2 too, which they do not.
beforeAll(async () => {
  await site.start();
  t.volley = await startTestVolley({ LINK_PREVIEW_ALLOWED_ADDRESSES: '127.0.0.1' });
}, 180_000);
afterAll(async () => {
  for (const opened of providers) opened.destroy();
  await t.volley?.close();
  await site.close();
});

// Each test waits on the server's own fetches after its sends: generous budgets for a loaded machine.
describe('link previews', { timeout: 90_000 }, () => {

  async function channel(owner: Person, ...members: Person[]): Promise<{ id: string; reader: WebsocketProvider; outbox: WebsocketProvider }> {
    const { body } = await owner.call('POST', '/channels', { name: `links-${newId().slice(-8).toLowerCase()}`, access: 'public' });
    for (const member of members) expect((await member.call('POST', `/conversations/${body.id}/join`, {})).status).toBeLessThan(300);
    const outbox = t.open(userRoom(owner.id), owner, new Y.Doc());
    const reader = t.open(convRoom(body.id, 0), members[0] ?? owner, new Y.Doc());
    await Promise.all([synced(outbox), synced(reader)]);
    return { id: body.id, reader, outbox };
  }

  async function send(outbox: WebsocketProvider, convId: string, body: string): Promise<string> {
    const id = newId();
    UserDoc.outbox(outbox.doc).set(id, { op: 'send', convId, body, at: new Date().toISOString() });
    expect(await waitFor(() => UserDoc.outbox(outbox.doc).get(id)?.status)).toBe('accepted');
    return id;
  }

  const shown = (reader: WebsocketProvider, id: string): Message | undefined => ConvDoc.messages(reader.doc).toArray().find((m) => m.id === id);

  /** Once the server has given up on `url` (cached as giving no card). */
  const settled = (url: string) => waitFor(async () => (await t.volley.db('link_previews').where({ url, found: false }).first()) !== undefined, 30_000);

  it('the first link gets the card the page describes, its image re-encoded by the server, seen by another member', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const { id: convId, reader, outbox } = await channel(alice, bob);
    const url = `http://127.0.0.1:${site.port}/article-first`;
    const id = await send(outbox, convId, `read this: ${url} and https://example.invalid/second`);
    const message = await waitFor(() => shown(reader, id)?.preview && shown(reader, id), 30_000);
    expect(message.preview).toMatchObject({ url, title: 'The Stand-in article', description: 'What the stand-in says of itself.', siteName: 'Stand-in News', image: { width: 1200, height: 630 } });

    const image = await fetch(`${t.volley.url}/api/v1/link-previews/${message.preview!.image!.id}/image`, { headers: { authorization: `Bearer ${bob.token}` } });
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/webp');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(['webp', 320, 168, undefined]);
    expect((await fetch(`${t.volley.url}/api/v1/link-previews/${message.preview!.image!.id}/image`)).status).toBe(401);
  });

  it('a URL is fetched once for every message that links to it', async () => {
    const alice = await register(t.volley, 'alice');
    const { id: convId, reader, outbox } = await channel(alice);
    const url = `http://127.0.0.1:${site.port}/article-cached`;
    const first = await send(outbox, convId, url);
    await waitFor(() => shown(reader, first)?.preview, 30_000);
    const second = await send(outbox, convId, `again ${url}`);
    await waitFor(() => shown(reader, second)?.preview, 30_000);
    expect(site.hits.get(`127.0.0.1/article-cached`)).toBe(1);
  });

  it('no preview for a link inside code, or for a page that describes nothing', async () => {
    const alice = await register(t.volley, 'alice');
    const { id: convId, reader, outbox } = await channel(alice);
    const inCode = await send(outbox, convId, `\`http://127.0.0.1:${site.port}/article-code\`\n\`\`\`\nhttp://127.0.0.1:${site.port}/article-fence\n\`\`\``);
    const plainUrl = `http://127.0.0.1:${site.port}/plain`;
    const plain = await send(outbox, convId, plainUrl);
    await settled(plainUrl);
    expect(site.hits.get('127.0.0.1/plain')).toBe(1);
    expect(site.hits.has('127.0.0.1/article-code') || site.hits.has('127.0.0.1/article-fence')).toBe(false);
    expect(shown(reader, inCode)?.preview).toBeUndefined();
    expect(shown(reader, plain)?.preview).toBeUndefined();
  });

  it('links to loopback, private, link-local and metadata addresses get no preview and are never reached, redirects included', async () => {
    const alice = await register(t.volley, 'alice');
    const { id: convId, reader, outbox } = await channel(alice);
    const port = site.port;
    const forbidden = [
      `http://127.0.0.2:${port}/article-direct`,
      `http://[::ffff:127.0.0.2]:${port}/article-mapped`,
      `http://2130706434:${port}/article-decimal`,
      `http://[::1]:${port}/article-v6`,
      `http://10.0.0.1:${port}/article-private`,
      'http://169.254.169.254/latest/meta-data/',
      `http://127.0.0.1:${port}/moved?${encodeURIComponent(`http://127.0.0.2:${port}/article-redirected`)}`,
      `http://127.0.0.1:${port}/moved?${encodeURIComponent(`http://127.0.0.1:${port}/moved?${encodeURIComponent(`http://[::ffff:7f00:2]:${port}/article-twice`)}`)}`,
    ];
    const ids: string[] = [];
    for (const url of forbidden) ids.push(await send(outbox, convId, `look ${url}`));
    for (const url of forbidden) await settled(url);
    for (const id of ids) expect(shown(reader, id)?.preview).toBeUndefined();
    expect([...site.hits.keys()].filter((path) => path.startsWith('127.0.0.2'))).toEqual([]);
    // The redirects themselves were followed as far as the allowed stand-in.
    expect(site.hits.get(`127.0.0.1/moved?${encodeURIComponent(`http://127.0.0.2:${port}/article-redirected`)}`)).toBe(1);
  });

  it('the sender removes the card from their message; another member may not; an edit to another link brings a new one', async () => {
    const [alice, bob] = [await register(t.volley, 'alice'), await register(t.volley, 'bob')];
    const { id: convId, reader, outbox } = await channel(alice, bob);
    const id = await send(outbox, convId, `http://127.0.0.1:${site.port}/article-removed`);
    await waitFor(() => shown(reader, id)?.preview, 30_000);
    expect(await bob.call('DELETE', `/messages/${id}/preview`)).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect((await bob.call('DELETE', `/messages/${newId()}/preview`)).status).toBe(404);
    expect((await alice.call('DELETE', `/messages/${id}/preview`)).status).toBe(204);
    await waitFor(() => shown(reader, id) && !shown(reader, id)!.preview, 30_000);

    const edited = `now http://127.0.0.1:${site.port}/article-edited`;
    UserDoc.outbox(outbox.doc).set(newId(), { op: 'edit', convId, messageId: id, body: edited, at: new Date().toISOString() });
    const card = await waitFor(() => shown(reader, id)?.preview, 30_000);
    expect(card.url).toBe(`http://127.0.0.1:${site.port}/article-edited`);
  });
});
