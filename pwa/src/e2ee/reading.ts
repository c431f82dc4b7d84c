/**
 * What this device reads of encrypted messages, kept in the local database (`decrypted`): the
 * text and how sure it is of its author, or why it could not read it, with the message as relayed
 * when there is reason to read it again (a key still to come, an author not verified yet).
 */
import type { CryptoDevice } from '@volley/client/e2ee';
import { cipherOf } from '../chat/encrypted-timeline.js';
import type { DecryptedMessage, VolleyDB } from '../db/db.js';
import { wordsOf } from './decrypted-words.js';

/** A message as this device reads it now: always with the author it was read as. */
export type ReadRow = DecryptedMessage & { author: string };

export interface Sealed {
  id: string;
  author: string;
  at: string;
  body: string;
}

/**
 * Keeps what the device read, and the start of its conversation's newest message among it for the
 * conversation list (`sealedPreview`): the message the list names (`lastMessage.id`), the one it
 * shows already (an edit), or `newest`, a message of mine just written (the list names it once the
 * server has it).
 */
export async function keepRead(db: VolleyDB, rows: readonly ReadRow[], newest?: string): Promise<void> {
  // With its words for on-device search, set here rather than left to the table's hooks: to them a
  // row read again with the same text is no change, so one kept once without words would stay so.
  await db.decrypted.bulkPut(rows.map((row) => ({ ...row, words: wordsOf(row) })));
  const { previewOf } = await import('@volley/shared/markdown');
  for (const convId of new Set(rows.map((row) => row.convId))) {
    await db.transaction('rw', db.conversations, async () => {
      const conversation = await db.conversations.get(convId);
      const named = [newest, conversation?.lastMessage?.id, conversation?.sealedPreview?.id];
      const row = rows.find((one) => one.convId === convId && !one.reason && named.includes(one.id));
      if (conversation && row) await db.conversations.update(convId, { sealedPreview: { id: row.id, author: row.author, text: previewOf(row.body) } });
    });
  }
}

export async function readAll(device: CryptoDevice, convId: string, messages: readonly Sealed[], myId: string | undefined): Promise<ReadRow[]> {
  const rows: ReadRow[] = [];
  for (const message of messages) {
    const read = await device.decrypt(convId, message);
    const base = { id: message.id, convId, cipher: cipherOf(message.body) ?? message.body, author: message.author, me: message.author === myId };
    const source = { author: message.author, at: message.at, body: message.body };
    rows.push(
      read.ok
        ? { ...base, body: read.message.body, ...(read.message.msgtype === 'm.emote' ? { emote: true } : {}), ...(read.message.files && { files: read.message.files }), ...(read.message.sticker && { sticker: read.message.sticker }), trust: read.trust, ...(read.trust === 'unverified' ? { source } : {}) }
        : { ...base, body: '', reason: read.reason, source },
    );
  }
  return rows;
}

/**
 * Reads again what may read better now: after keys arrived, the messages that waited for one;
 * after a verification, those whose author was not verified (their mark turns to a lock): the
 * person verified's (`unverified: userId`), or everyone's (`unverified: true`, one's own device
 * verified: it now trusts whom its owner verified).
 */
export async function readAgain(db: VolleyDB, device: CryptoDevice, myId: string, which: { unverified?: string | true } = {}): Promise<void> {
  const { unverified } = which;
  const waiting =
    unverified === undefined
      ? await db.decrypted.where('reason').equals('missing_key').toArray()
      : await db.decrypted
          .filter((row) => !row.me && (row.trust === 'unverified' || row.reason === 'unverified_sender') && (unverified === true || row.source?.author === unverified))
          .toArray();
  for (const row of waiting) if (row.source) await keepRead(db, await readAll(device, row.convId, [{ id: row.id, ...row.source }], myId));
}
