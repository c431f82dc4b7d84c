import type { ApiClient } from '../api-client.js';
import type { FileSealer } from '../file-outbox.js';
import type { CryptoDevice } from './crypto-device.js';
import { uploadSealed } from './sealed-file.js';

/**
 * A bot's `FileSealer` (`new VolleyClient({ sealer })`): `files().send(…, { sealed: true })` then
 * waits like any file message, offline and through a restart, and is encrypted on its way — each
 * file uploaded with `uploadSealed`, then the words and the files' keys by `device` for the people
 * `members` names (a DM's two, a channel's members as the server lists them).
 */
export function deviceSealer(api: ApiClient, device: CryptoDevice, members: (convId: string) => Promise<string[]>): FileSealer {
  return {
    upload: (convId, file, name, options) => uploadSealed(api, convId, file, { name, type: file.type || 'application/octet-stream' }, options),
    seal: async (_id, { convId, body, kind }, files) => device.encrypt(convId, await members(convId), { body, msgtype: kind === 'me' ? 'm.emote' : 'm.text', ...(files.length > 0 && { files }) }),
  };
}
