/**
 * A signed-up user in a Chromium page of the built app, and a conversation's messages written
 * straight into the app's IndexedDB as a device that read them keeps them: segments of
 * SEGMENT_SIZE_DEFAULT messages (the server's default), each sealed but the last, each one Yjs
 * update in `roomUpdates` holding its messages as the server inserts them (one by one), and the
 * conversation's record naming the last as its head. What a reader of a long conversation has on the
 * device, without sending it message by message.
 */
import type { Page } from '@playwright/test';
import { ConvDoc, SEGMENT_SIZE_DEFAULT } from '@volley/shared';
import * as Y from 'yjs';

/** Registers a new account from the page's sign-up form; resolves once the conversation list shows (on a phone `/` is the list alone). */
export async function signUp(page: Page, base: string, prefix: string): Promise<void> {
  const username = `${prefix}_${Date.now().toString(36)}`;
  await page.goto(`${base}/register`);
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Email', { exact: true }).fill(`${username}@bench.test`);
  await page.getByLabel('Password', { exact: true }).fill('benchmark password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('conversation').first().waitFor();
}

/** Resolves once the app's service worker is active, its precache filled: the app then opens offline. */
export async function precached(page: Page): Promise<void> {
  await page.evaluate(async () => void (await navigator.serviceWorker.ready));
}

/** The id of the seeded message `i`: the newest is `seededId(size - 1)`. */
export const seededId = (i: number): string => `01BENCH${String(i).padStart(19, '0')}`;

/**
 * Writes `size` messages into the page's first conversation, in segments of `segmentSize` from its
 * head segment on; answers its id. The page should be offline: a refresh of the conversation list
 * from the server would name the server's head again.
 */
export async function seedConversation(page: Page, size: number, segmentSize = SEGMENT_SIZE_DEFAULT): Promise<string> {
  const convId = await page.getByTestId('conversation').first().getAttribute('data-id');
  if (!convId) throw new Error('no conversation listed');
  const first = await page.evaluate(async (convId) => {
    const db = await new Promise<IDBDatabase>((resolve) => (indexedDB.open('volley').onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result)));
    const conv = await new Promise<{ headSegment: number }>((resolve) => (db.transaction('conversations').objectStore('conversations').get(convId).onsuccess = (e) => resolve((e.target as IDBRequest).result)));
    db.close();
    return conv.headSegment;
  }, convId);
  const at = new Date().toISOString();
  const segments: number[][] = [];
  for (let from = 0, n = first; from < size; from += segmentSize, n++) {
    const doc = new Y.Doc();
    const messages = ConvDoc.messages(doc);
    for (let i = from; i < Math.min(size, from + segmentSize); i++) messages.push([{ id: seededId(i), seq: 99_001 + i, author: 'x', authorName: 'someone', body: `message ${i}, with a little text to render`, at }]);
    if (from + segmentSize < size) ConvDoc.meta(doc).set('next', n + 1);
    segments.push(Array.from(Y.encodeStateAsUpdate(doc)));
  }
  await page.evaluate(
    async ({ convId, first, segments }) => {
      const db = await new Promise<IDBDatabase>((resolve) => (indexedDB.open('volley').onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result)));
      const tx = db.transaction(['conversations', 'roomUpdates'], 'readwrite');
      segments.forEach((update, n) => tx.objectStore('roomUpdates').add({ room: `conv.${convId}.${first + n}`, update: new Uint8Array(update) }));
      const records = tx.objectStore('conversations');
      records.get(convId).onsuccess = (e) => records.put({ ...(e.target as IDBRequest).result, headSegment: first + segments.length - 1 });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    { convId, first, segments },
  );
  return convId;
}
