/**
 * What an encrypted message says, read by Matrix's crypto machine: the content checked and taken
 * defensively (what its sender wrote is untrusted), or why it cannot be read. A device
 * (crypto-device.ts) reads with its open machine; the app's push worker with the store alone.
 */
import type * as Crypto from '@matrix-org/matrix-sdk-crypto-wasm';
import { isId, matrixRoomId, matrixUserId, type MessageSticker } from '@volley/shared';
import type { Sdk } from './carrier.js';
import { sealedFilesOf, type SealedFile } from './sealed-file.js';
import { senderTrust, type SenderTrust } from './sender-trust.js';

/** The plaintext inside an encrypted message: Matrix's `m.room.message` content. */
export interface SecretMessage {
  body: string;
  /** `m.emote` for an action ("/me waves"). */
  msgtype: 'm.text' | 'm.emote';
  /** Its files, each encrypted apart (sealed-file.ts), the body then their caption. */
  files?: SealedFile[];
  /** A sticker of the bank (the body its name): readers show it from `/api/v1/stickers/<id>`, whatever `url` the sender wrote. */
  sticker?: MessageSticker;
}

export type Decrypted =
  | { ok: true; message: SecretMessage; trust: SenderTrust }
  /** `missing_key`: not (yet) shared with this device; `unverified_sender`: the sender's device is not the author's as far as this device can tell. */
  | { ok: false; reason: 'missing_key' | 'unverified_sender' | 'unreadable' };

let loaded: Promise<Sdk> | undefined;
/** The machine's module, its WebAssembly fetched once (from `wasm`, or beside the module). */
export async function sdk(wasm?: string): Promise<Sdk> {
  loaded ??= import('@matrix-org/matrix-sdk-crypto-wasm').then(async (module) => {
    await module.initAsync(wasm);
    return module;
  });
  return loaded;
}

/**
 * Reads one message with the keys already in a device's store, without the network, and closes
 * the machine again: for a push shown where no page is open (the app's push worker, which names
 * the WebAssembly the app keeps). It reads no inbox, claims no key and advances no ratchet, so it
 * writes nothing a page's machine on the same store could miss; a message whose key has not come
 * yet stays unread (`missing_key`).
 */
export async function readWithStore(options: { userId: string; deviceId: string; store: { name: string; passphrase: string }; wasm?: string }, convId: string, message: RelayedMessage): Promise<Decrypted> {
  const module = await sdk(options.wasm);
  const machine = await module.OlmMachine.initialize(new module.UserId(matrixUserId(options.userId)), new module.DeviceId(options.deviceId), options.store.name, options.store.passphrase);
  try {
    return await decryptWith(module, machine, convId, message);
  } finally {
    machine.close();
  }
}

/** A message as the server relays it: its author as the server says, its body the Megolm content (untrusted). */
export interface RelayedMessage {
  id: string;
  author: string;
  at: string;
  body: string;
}

/** Decrypts with what the machine holds; the session's device checked against the author the server names (a rewritten sender is refused). */
export async function decryptWith(module: Sdk, machine: Crypto.OlmMachine, convId: string, message: RelayedMessage): Promise<Decrypted> {
  try {
    // What the server relays is untrusted: a body that is not the content is unreadable, not an error.
    const event = { type: 'm.room.encrypted', event_id: `$${message.id}`, sender: matrixUserId(message.author), origin_server_ts: Date.parse(message.at), content: JSON.parse(message.body) as unknown };
    const decrypted = await machine.decryptRoomEvent(JSON.stringify(event), new module.RoomId(matrixRoomId(convId)), new module.DecryptionSettings(module.TrustRequirement.CrossSignedOrLegacy));
    const content = (JSON.parse(decrypted.event) as { content: SecretMessage }).content;
    const files = sealedFilesOf(content);
    const sticker = stickerOf(content);
    const read: SecretMessage = { body: String(content.body ?? ''), msgtype: content.msgtype === 'm.emote' ? 'm.emote' : 'm.text', ...(files.length > 0 && { files }), ...(sticker && { sticker }) };
    return { ok: true, message: read, trust: await senderTrust(module, machine, decrypted) };
  } catch (err) {
    return { ok: false, reason: reasonOf(module, err) };
  }
}

function reasonOf(module: Sdk, err: unknown): 'missing_key' | 'unverified_sender' | 'unreadable' {
  if (err instanceof module.MegolmDecryptionError) {
    if (err.code === module.DecryptionErrorCode.MissingRoomKey || err.code === module.DecryptionErrorCode.UnknownMessageIndex) return 'missing_key';
    const unverified = [
      module.DecryptionErrorCode.MismatchedSender,
      module.DecryptionErrorCode.MismatchedIdentityKeys,
      module.DecryptionErrorCode.UnknownSenderDevice,
      module.DecryptionErrorCode.UnsignedSenderDevice,
      module.DecryptionErrorCode.SenderIdentityVerificationViolation,
    ];
    if (unverified.includes(err.code)) return 'unverified_sender';
  }
  return 'unreadable';
}

/**
 * The sticker a message names, read defensively (what its sender wrote is untrusted): an id of the
 * bank and a size in reason; its image is the bank's, never an address the sender chose, which
 * the reader's device would fetch with its token.
 */
function stickerOf(content: unknown): MessageSticker | undefined {
  const sticker = (content as { sticker?: Partial<MessageSticker> | null }).sticker;
  const size = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 4096;
  if (typeof sticker?.id !== 'string' || !isId(sticker.id) || typeof sticker.name !== 'string' || !size(sticker.width) || !size(sticker.height)) return undefined;
  return { id: sticker.id, name: sticker.name.slice(0, 100), width: sticker.width, height: sticker.height, url: `/api/v1/stickers/${sticker.id}` };
}
