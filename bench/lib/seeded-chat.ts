/**
 * A signed-up user in a Chromium page of the built app, and a conversation's head segment written
 * straight into the app's IndexedDB as the app keeps it (one Yjs update in `roomUpdates`): what a
 * reader of a long conversation has on the device, without sending it message by message.
 */
import type { Page } from '@playwright/test';
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

/** The id of the seeded message `i`: the newest is `seededId(size - 1)`. */
export const seededId = (i: number): string => `01BENCH${String(i).padStart(19, '0')}`;

/** Writes `size` messages as the head segment of the page's first conversation; answers its id. */
export async function seedHead(page: Page, size: number): Promise<string> {
  const convId = await page.getByTestId('conversation').first().getAttribute('data-id');
  if (!convId) throw new Error('no conversation listed');
  const doc = new Y.Doc();
  const at = new Date().toISOString();
  const seeded = Array.from({ length: size }, (_, i) => ({ id: seededId(i), seq: 99_001 + i, author: 'x', authorName: 'someone', body: `message ${i}, with a little text to render`, at }));
  doc.getArray('messages').push(seeded);
  const update = Array.from(Y.encodeStateAsUpdate(doc));
  await page.evaluate(
    async ({ convId, update }) => {
      const db = await new Promise<IDBDatabase>((resolve) => (indexedDB.open('volley').onsuccess = (e) => resolve((e.target as IDBOpenDBRequest).result)));
      const conv = await new Promise<{ headSegment: number }>((resolve) => (db.transaction('conversations').objectStore('conversations').get(convId).onsuccess = (e) => resolve((e.target as IDBRequest).result)));
      const tx = db.transaction('roomUpdates', 'readwrite');
      tx.objectStore('roomUpdates').add({ room: `conv.${convId}.${conv.headSegment}`, update: new Uint8Array(update) });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    { convId, update },
  );
  return convId;
}
