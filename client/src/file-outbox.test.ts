import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Person } from '@volley/server/testing';
import { type HistoryMessage, newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { account, signedIn, testVolley, waitFor } from './client.testing.js';
import { DirStash } from './dir-stash.js';
import { FileStorage } from './file-storage.js';
import type { VolleyClient } from './volley-client.js';

/** A 4×3 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAIAAAA7ljmRAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWM4w8AARwgWOgcAxC8JkTvIFV0AAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const LIMIT = 64 * 1024;

async function channelOf(person: Person): Promise<string> {
  const made = await person.call('POST', '/channels', { name: `f${newId().slice(-8).toLowerCase()}`, access: 'private' });
  return (made.body as { id: string }).id;
}

/** The network as the client sees it: cut or not, and the uploads that reached the server. */
function network() {
  const state = { up: true, uploads: 0 };
  const fetchImpl: typeof fetch = async (input, init) => {
    if (!state.up) throw new TypeError('fetch failed');
    const response = await fetch(input, init);
    if (String(input).includes('/attachments') && init?.method === 'POST') state.uploads++;
    return response;
  };
  return { state, fetch: fetchImpl };
}

const history = async (client: VolleyClient, convId: string): Promise<HistoryMessage[]> => (await client.api.history(convId)).items;

describe('files sent with messages through the client library', () => {
  const volley = testVolley({ ATTACHMENT_MAX_BYTES: String(LIMIT) });

  it('uploads each file with its progress, then sends the message naming them, seen by another member with their real types', async () => {
    const { person } = await account(volley(), 'files');
    const channel = await channelOf(person);
    const client = await signedIn(volley(), person);
    const reader = await (await signedIn(volley(), person)).conversation(channel);
    const progress: [string, number, number][] = [];
    client.files().progress.add((_id, key, sent, total) => progress.push([key, sent, total]));

    const sending = client.files().send(channel, 'the plan', [
      { blob: new Blob([PDF]), name: 'plan.pdf' },
      // The name says text; the bytes say PNG.
      { blob: new Blob([PNG]), name: 'sketch.txt' },
    ]);
    expect(await sending).toMatchObject({ id: sending.id, status: 'accepted' });
    const message = await waitFor(() => reader.messages().find((m) => m.id === sending.id));
    expect(message).toMatchObject({ id: sending.id, body: 'the plan' });
    expect(message.attachments).toEqual([
      expect.objectContaining({ name: 'plan.pdf', type: 'application/pdf', size: PDF.length }),
      expect.objectContaining({ name: 'sketch.txt', type: 'image/png', width: 4, height: 3, thumbnail: expect.stringMatching(/\/thumbnail$/) }),
    ]);
    expect(progress.at(-1)).toEqual([`${sending.id}.1`, PNG.length, PNG.length]);
    const pdf = await client.api.download(message.attachments![0]!.id);
    expect(Buffer.from(await pdf.arrayBuffer())).toEqual(PDF);
    expect((await client.api.download(message.attachments![1]!.id, true)).type).toBe('image/webp');
    expect(client.files().entries().size).toBe(0);
  }, 60_000);

  it('keeps a message with its files through a restart with no network, and delivers it once, each file uploaded once', async () => {
    const { person } = await account(volley(), 'offline');
    const channel = await channelOf(person);
    const dir = mkdtempSync(join(tmpdir(), 'volley-files-'));
    const local = () => ({ storage: new FileStorage(join(dir, 'docs')), stash: new DirStash(join(dir, 'files')) });
    const net = network();
    const before = await signedIn(volley(), person, { ...local(), fetch: net.fetch });
    await before.conversations();

    // The first file goes up, then the network fails.
    const uploaded = new Promise<void>((resolve) => before.files().changed.add(() => [...before.files().entries().values()][0]?.files[0]?.attachment && resolve()));
    const sending = before.files().send(channel, 'offline', [
      { blob: new Blob([PNG]), name: 'first.png' },
      { blob: new Blob([PDF]), name: 'second.pdf' },
    ]);
    await uploaded;
    net.state.up = false;
    await waitFor(() => net.state.uploads === 1 && before.files().entries().get(sending.id)?.files[1]?.attachment === undefined);
    await before.close();

    net.state.up = true;
    const after = await signedIn(volley(), person, { ...local(), fetch: net.fetch });
    await after.files().loaded;
    expect(await after.files().outcome(sending.id)).toMatchObject({ status: 'accepted' });
    const messages = await history(after, channel);
    expect(messages.filter((m) => m.body === 'offline')).toHaveLength(1);
    expect(net.state.uploads).toBe(2);
    const conversation = await after.conversation(channel);
    const shown = await waitFor(() => conversation.messages().find((m) => m.id === sending.id));
    expect(shown.attachments?.map((a) => a.name)).toEqual(['first.png', 'second.pdf']);
  }, 60_000);

  it('sends the message with the files the server took, naming the limit of the one it refused; nothing is sent once every file is refused or cancelled and there is no text', async () => {
    const { person } = await account(volley(), 'refused');
    const channel = await channelOf(person);
    const client = await signedIn(volley(), person);
    const files = client.files();

    const partly = files.send(channel, 'two files', [
      { blob: new Blob([new Uint8Array(LIMIT + 1)]), name: 'huge.bin' },
      { blob: new Blob([PNG]), name: 'small.png' },
    ]);
    expect(await partly).toMatchObject({ status: 'accepted' });
    const [sent] = (await history(client, channel)).filter((m) => m.id === partly.id);
    expect(sent).toBeDefined();
    // The refused file is told beside the sent message until dismissed.
    expect(files.refused().get(partly.id)).toMatchObject({ convId: channel, files: [{ name: 'huge.bin', error: { code: 'file_too_large', limit: LIMIT } }] });
    files.dismiss(partly.id);
    expect(files.refused().has(partly.id)).toBe(false);

    const refused = files.send(channel, '', [{ blob: new Blob([new Uint8Array(LIMIT + 1)]), name: 'huge.bin' }]);
    expect(await refused).toMatchObject({ status: 'rejected', reason: 'attachment_unavailable', detail: 'file_too_large' });
    expect(files.entries().get(refused.id)?.files[0]?.error).toEqual({ code: 'file_too_large', limit: LIMIT });

    const cancelled = files.send(channel, '', [{ blob: new Blob([PDF]), name: 'never.pdf' }]);
    await files.cancel(cancelled.id, `${cancelled.id}.0`);
    expect(await cancelled).toMatchObject({ status: 'rejected', detail: 'cancelled' });
    expect((await history(client, channel)).map((m) => m.id)).toEqual([partly.id]);
  }, 60_000);
});
