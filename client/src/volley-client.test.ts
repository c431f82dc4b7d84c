import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '@volley/server/testing';
import { CloseCode, ConvDoc, convRoom, newId, type Message } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { account, opened, signedIn, testVolley, TestWebSocket, waitFor } from './client.testing.js';
import { FileStorage } from './file-storage.js';
import { VolleyClient } from './volley-client.js';

/** A new channel of `owner`'s: its id. */
async function owner(person: Person, access: 'private' | 'public'): Promise<string> {
  const channel = await person.call('POST', '/channels', { name: `c${newId().slice(-8).toLowerCase()}`, access });
  expect(channel.status).toBe(201);
  return channel.body.id;
}

const privateChannel = (person: Person) => owner(person, 'private');

describe('@volley/client on a real server', () => {
  const volley = testVolley();

  it('resumes no session as "unauthenticated" when there is no refresh cookie, and resumes the one a sign-in left', async () => {
    const client = new VolleyClient({ url: volley().url, WebSocket: TestWebSocket });
    await expect(client.resume()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    const { person } = await account(volley(), 'resume');
    await client.signIn({ login: person.username, password: TEST_PASSWORD });
    expect((await client.resume()).username).toBe(person.username);
    await client.close();
  });

  it('shares one socket between two consumers of a room', async () => {
    const { person, general } = await account(volley(), 'share');
    const client = await signedIn(volley(), person);
    const [a, b] = [await client.conversation(general), await client.conversation(general)];
    await a.whenSynced();
    expect(b.room).toBe(a.room);
    expect(opened.filter((url) => url.endsWith(`/sync/${a.room.name}`))).toHaveLength(1);
    a.close();
    // b still holds the room: it stays open.
    expect(b.room.status).toBe('open');
  });

  it('resolves outbox ops with their outcome, and shows them as conversation events', async () => {
    const { person } = await account(volley(), 'ops');
    // A channel of its own: #general is shared with every test on the database.
    const general = await privateChannel(person);
    const client = await signedIn(volley(), person);
    const conversation = await client.conversation(general);
    const events: string[] = [];
    conversation.message.add((m) => events.push(`message ${m.body}`));
    conversation.edit.add((m) => events.push(`edit ${m.body}`));
    conversation.reaction.add((m) => events.push(`reaction ${Object.keys(m.reactions ?? {}).join()}`));
    conversation.delete.add(() => events.push('delete'));
    const outbox = client.outbox();

    const sent = outbox.send(general, 'hello');
    const outcome = await sent;
    expect(outcome).toMatchObject({ id: sent.id, status: 'accepted' });
    expect(await outbox.edit(general, sent.id, 'hello again')).toMatchObject({ status: 'accepted' });
    expect(await outbox.react(general, sent.id, '👍')).toMatchObject({ status: 'accepted' });
    expect(await outbox.reply(general, sent.id, 'a reply')).toMatchObject({ status: 'accepted' });
    expect(await outbox.delete(general, sent.id)).toMatchObject({ status: 'accepted' });
    expect(await outbox.send(general, '   ')).toMatchObject({ status: 'rejected', reason: 'empty' });
    expect(await outbox.send(newId(), 'nowhere')).toMatchObject({ status: 'rejected', reason: 'no_such_conversation' });
    await waitFor(() => events.includes('delete'));
    expect(events).toEqual(['message hello', 'edit hello again', 'reaction 👍', 'message a reply', 'delete']);
  });

  it('sends a sticker of the bank as a message: shown with the sticker and its name as the body, its image read with the bearer header', async () => {
    const { person } = await account(volley(), 'sticker');
    await volley().db('users').where({ id: person.id }).update({ role: 'admin' });
    const pack = await person.call('POST', '/admin/sticker-packs', { name: 'Dots' });
    // One red pixel, a PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
    const added = await fetch(`${volley().url}/api/v1/admin/sticker-packs/${pack.body.id}/stickers?name=dot`, { method: 'POST', headers: { authorization: `Bearer ${person.token}` }, body: png });
    expect(added.status).toBe(201);
    const channel = await privateChannel(person);
    const client = await signedIn(volley(), person);
    const sticker = (await client.api.stickerPacks()).find((p) => p.id === pack.body.id)!.stickers[0]!;
    const conversation = await client.conversation(channel);
    const shown: Message[] = [];
    conversation.message.add((m) => shown.push(m));

    expect(await client.outbox().sendSticker(channel, sticker.id)).toMatchObject({ status: 'accepted' });
    await waitFor(() => shown.length === 1);
    expect(shown[0]).toMatchObject({ body: 'dot', sticker: { id: sticker.id, name: 'dot', width: 1, height: 1, url: `/api/v1/stickers/${sticker.id}` } });
    expect((await client.api.stickerImage(sticker.id)).type).toBe('image/webp');
    expect(await client.outbox().sendSticker(channel, newId())).toMatchObject({ status: 'rejected', reason: 'not_found', detail: 'sticker' });
  });

  it('tells who is here and who is typing', async () => {
    const [{ person: alice }, { person: bob }] = [await account(volley(), 'here'), await account(volley(), 'typer')];
    const channel = await owner(alice, 'public');
    expect((await bob.call('POST', `/conversations/${channel}/join`, {})).status).toBeLessThan(300);
    const [a, b] = [await (await signedIn(volley(), alice)).conversation(channel), await (await signedIn(volley(), bob)).conversation(channel)];
    const typing: string[][] = [];
    a.typing.add((people) => typing.push(people.map((p) => p.name)));
    await Promise.all([a.whenSynced(), b.whenSynced()]);
    b.setTyping(true);
    await waitFor(() => typing.some((names) => names.includes(bob.username)));
    b.setTyping(false);
    await waitFor(() => typing.at(-1)?.length === 0);
    let here: string[] = [];
    a.presence.add((people) => (here = people.map((p) => p.userId)));
    b.close();
    await waitFor(() => !here.includes(bob.id));
  });

  it('closes the game and queue sockets it opened when it closes', async () => {
    const { person } = await account(volley(), 'closing');
    const client = await signedIn(volley(), person);
    const queue = client.queue();
    let queued = false;
    queue.frames.add((frame) => (queued ||= frame.t === 'queued'));
    queue.open();
    await waitFor(() => queued);
    await client.close();
    expect(queue.socket.status).toBe('ended');
  });

  it('gives up on a final refusal (4403) and says why, without retrying', async () => {
    const { person } = await account(volley(), 'stranger');
    const { person: channelOwner } = await account(volley(), 'owner');
    const channel = await privateChannel(channelOwner);
    const client = await signedIn(volley(), person);
    const room = client.rooms.acquire(convRoom(channel, 0));
    const refusal = new Promise((resolve) => room.socket.refused.add(resolve));
    expect(await refusal).toEqual({ code: CloseCode.forbidden, reason: 'forbidden' });
    expect(room.status).toBe('refused');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(opened.filter((url) => url.endsWith(`/sync/${room.name}`))).toHaveLength(1);
  });

  it('reconnects after a retryable close (4529 rate_limited) and syncs again', { timeout: 40_000 }, async () => {
    const { person, general } = await account(volley(), 'flood');
    const client = await signedIn(volley(), person);
    const conversation = await client.conversation(general);
    await conversation.whenSynced();
    const closes: number[] = [];
    conversation.room.socket.closed.add(({ code }) => closes.push(code));
    // Far past the awareness budget (bursts of 50).
    for (let i = 0; i < 80; i++) conversation.room.awareness.setLocalStateField('n', i);
    await waitFor(() => closes.length > 0);
    expect(closes[0]).toBe(CloseCode.rateLimited);
    await waitFor(() => conversation.room.synced, 30_000);
    const peer = await signedIn(volley(), (await account(volley(), 'peer')).person);
    const sent = await peer.outbox().send(general, 'after the reconnection');
    await waitFor(() => conversation.messages().some((m) => m.id === sent.id));
  });

  it('keeps ops made offline in a file and delivers them once when it is back', async () => {
    const { person, general } = await account(volley(), 'offline');
    const dir = mkdtempSync(join(tmpdir(), 'volley-client-'));
    const first = await signedIn(volley(), person, { storage: new FileStorage(dir) });
    first.offline();
    const pending = first.outbox().send(general, 'written offline');
    await first.close();

    const second = await signedIn(volley(), person, { storage: new FileStorage(dir) });
    expect(await second.outbox().outcome(pending.id)).toMatchObject({ status: 'accepted' });
    const conversation = await second.conversation(general);
    await conversation.whenSynced();
    const copies = ConvDoc.messages(conversation.room.doc).toArray().filter((m: Message) => m.id === pending.id);
    expect(copies).toHaveLength(1);
  });

  it('signs in with a given token as a bot would, and pages through history', async () => {
    const { person } = await account(volley(), 'tokenbot');
    const general = await privateChannel(person);
    const writer = await signedIn(volley(), person);
    for (const body of ['one', 'two', 'three']) await writer.outbox().send(general, body);
    const bot = new VolleyClient({ url: volley().url, token: person.token, WebSocket: TestWebSocket });
    try {
      expect((await bot.me()).id).toBe(person.id);
      const conversation = await bot.conversation(general);
      const page = await conversation.history(undefined, 2);
      expect(page.items.map((m) => m.body)).toEqual(['three', 'two']);
      const older = await conversation.history(page.nextCursor, 2);
      expect(older.items[0]?.body).toBe('one');
    } finally {
      await bot.close();
    }
  });
});
