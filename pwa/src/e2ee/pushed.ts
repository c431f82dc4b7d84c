/**
 * An end-to-end encrypted message's push, read by the push worker (push-worker.ts) with this
 * profile's device (docs/architecture.md, "Notifications" and §11): the device the app made for the account, opened
 * from its store with the WebAssembly the app already fetched, without the network. It reads only
 * what the device's keys already open — in a conversation under way, the sender's current session
 * came with an earlier message — and otherwise leaves the push as the server wrote it.
 */
import { readWithStore } from '@volley/client/e2ee';
import type { SealedPush } from '@volley/shared';
import { excerptOf } from '@volley/shared/markdown';
import { APP_DB, cryptoStoreName, WASM_CACHE } from './store-names.js';

interface DeviceRecord {
  deviceId: string;
  passphrase: string;
}

/** The words of `push`'s message as this device reads them (their start, as a push shows them), or null. */
export async function pushedText(push: SealedPush): Promise<string | null> {
  const device = await deviceRecord(push.to);
  const wasm = (await (await caches.open(WASM_CACHE)).keys())[0]?.url;
  // No device for this account here, or it never opened an encrypted conversation: nothing to read with.
  if (!device || !wasm) return null;
  const read = await readWithStore({ userId: push.to, deviceId: device.deviceId, store: { name: cryptoStoreName(push.to), passphrase: device.passphrase }, wasm }, push.convId, push);
  if (!read.ok || read.message.files?.length || read.message.sticker) return null;
  // As the server words a plain message's push: its start, the markdown as plain text.
  const text = excerptOf(read.message.body);
  return text === '' ? null : text;
}

/** The account's device record in the app's database, read without Dexie (kept out of the worker) and without making the database when there is none. */
function deviceRecord(userId: string): Promise<DeviceRecord | null> {
  return new Promise((resolve) => {
    const opening = indexedDB.open(APP_DB);
    opening.onupgradeneeded = () => opening.transaction?.abort();
    opening.onerror = () => resolve(null);
    opening.onsuccess = () => {
      const db = opening.result;
      if (!db.objectStoreNames.contains('cryptoDevices')) {
        db.close();
        return resolve(null);
      }
      const get = db.transaction('cryptoDevices').objectStore('cryptoDevices').get(userId);
      get.onsuccess = () => {
        db.close();
        const row = get.result as Partial<DeviceRecord> | undefined;
        resolve(typeof row?.deviceId === 'string' && typeof row.passphrase === 'string' ? { deviceId: row.deviceId, passphrase: row.passphrase } : null);
      };
      get.onerror = () => {
        db.close();
        resolve(null);
      };
    };
  });
}
