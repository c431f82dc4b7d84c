import { expect, test, type Browser } from '@playwright/test';
import { registeredOn } from './support.js';
import { SCREENS } from './screens.js';

/**
 * The app declares its local database's latest schema only (pwa/src/db/db.ts): a device whose
 * database an earlier version made must still open it, keep what it held and gain what was added.
 * The database here is laid out as version 7 left it (Dexie keeps version × 10 in IndexedDB), with
 * no table for the notification settings that version 8 added, nor the index of decrypted words that
 * version 9 added.
 */
test('a device whose local database an earlier version of the app made opens it, keeps what it held and gains the new table and index', async ({ browser, baseURL }) => {
  const { context, page } = await registeredOn(browser as Browser, SCREENS.phone, 'olddb');
  // Off the app (the same origin), so that no connection holds the database open while it is remade.
  await page.goto(`${baseURL}/healthz`);
  await page.evaluate(async () => {
    const done = (request: IDBRequest | IDBOpenDBRequest) =>
      new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    await done(indexedDB.deleteDatabase('volley'));
    const open = indexedDB.open('volley', 70);
    open.onupgradeneeded = () => {
      const db = open.result;
      const store = (name: string, keyPath: string | string[], indexes: [string, string | string[]][] = [], autoIncrement = false) => {
        const made = db.createObjectStore(name, { keyPath, autoIncrement });
        for (const [index, path] of indexes) made.createIndex(index, path);
      };
      store('me', 'id');
      store('conversations', 'id', [['kind', 'kind']]);
      store('roomUpdates', 'id', [['room', 'room']], true);
      store('users', 'id');
      store('friends', 'user.id');
      store('friendRequests', 'id', [['direction', 'direction']]);
      store('blocks', 'user.id');
      store('members', ['convId', 'userId'], [['convId', 'convId']]);
      store('gameStats', 'userId');
      store('matches', ['userId', 'id'], [['userId', 'userId'], ['[userId+endedAt]', ['userId', 'endedAt']]]);
      store('pendingFiles', 'key');
      store('snapshots', 'convId');
      store('decrypted', 'id', [['convId', 'convId'], ['reason', 'reason']]);
      store('cryptoDevices', 'userId');
      open.transaction!.objectStore('users').put({ id: 'kept-from-before', username: 'kept', displayName: 'Kept from before' });
    };
    const db = (await done(open)) as IDBDatabase;
    db.close();
  });

  await page.goto(`${baseURL}/`);
  await expect(page.getByTestId('conversation').first()).toBeVisible({ timeout: 30_000 });
  const stored = await page.evaluate(
    () =>
      new Promise<{ version: number; stores: string[]; kept: unknown; decryptedIndexes: string[] }>((resolve, reject) => {
        const open = indexedDB.open('volley');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('users').objectStore('users').get('kept-from-before');
          read.onsuccess = () => {
            const decryptedIndexes = Array.from(db.transaction('decrypted').objectStore('decrypted').indexNames);
            resolve({ version: db.version, stores: Array.from(db.objectStoreNames), kept: read.result, decryptedIndexes });
            db.close();
          };
        };
      }),
  );
  expect(stored.version).toBe(90);
  expect(stored.stores).toContain('notificationSettings');
  expect(stored.decryptedIndexes).toContain('words');
  expect(stored.kept).toMatchObject({ displayName: 'Kept from before' });
  await context.close();
});
