/**
 * An end-to-end encrypted conversation's log as this device can read it: each encrypted message's
 * text from what the device decrypted (the local database's `decrypted`, pwa/src/e2ee), its author's
 * verification, or why it shows no text. Pure, so it can be tested without a DOM.
 */
import type { SealedFile } from '@volley/client/e2ee';
import type { MessageAttachment } from '@volley/shared';
import type { DecryptedMessage } from '../db/db.js';
import type { SealedAttachment } from '../services/attachment-files.js';
import type { TimelineItem } from './timeline.js';

/** The ciphertext an encrypted body was made of (what tells an edit from the text already read); null when it is not Megolm's content. */
export function cipherOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { ciphertext?: unknown };
    return typeof parsed.ciphertext === 'string' ? parsed.ciphertext : null;
  } catch {
    return null;
  }
}

/** What the device read of a message, when it read it as written by the author the message names: none for another. */
export function readAs(row: DecryptedMessage | undefined, author: string): DecryptedMessage | undefined {
  return row?.author === author ? row : undefined;
}

export interface ReadTimeline {
  items: TimelineItem[];
  /** Messages to decrypt: never tried here, or changed since (an edit). */
  toRead: TimelineItem[];
}

/**
 * Encrypted messages take the text read from them; my sends and edits not yet echoed (their body
 * empty, the ciphertext in the op) take the text I typed. Deleted ones stay deleted.
 */
export function readTimeline(items: readonly TimelineItem[], read: ReadonlyMap<string, DecryptedMessage>): ReadTimeline {
  const toRead: TimelineItem[] = [];
  const shown = items.map((item): TimelineItem => {
    if (item.deletedAt !== undefined) return item;
    const row = read.get(item.id);
    if (item.kind !== 'encrypted') {
      // Mine, on its way or accepted and not back yet: the op holds ciphertext, the device what I typed.
      return row && item.mine && item.body === '' ? withRow(item, row) : item;
    }
    const cipher = cipherOf(item.body);
    // One whose key had not come is read again when keys arrive (e2ee/e2ee.ts), not on every render.
    // A message's author never changes: read as someone else's, it is named now by a server that lies.
    // (One that could not be read under another author is tried again under this one.)
    if (row?.author !== undefined && row.author !== item.author && !row.reason) return { ...withFiles(item, undefined), kind: 'text', body: '', sealed: { reason: 'unverified_sender' } };
    if (row?.author === item.author && (row.cipher === cipher || (item.mine && item.changing))) return withRow(item, row);
    toRead.push(item);
    // The files the server names are ciphertext called "encrypted": nothing to show until the message says what they are.
    return { ...withFiles(item, undefined), kind: 'text', body: '', sealed: { reason: row?.reason ?? 'decrypting' } };
  });
  return { items: shown, toRead };
}

function withRow(item: TimelineItem, row: DecryptedMessage): TimelineItem {
  const sealed = row.reason ? { reason: row.reason } : { trust: row.trust ?? 'unverified' };
  return { ...withFiles(item, row.files), kind: row.emote ? 'me' : 'text', body: row.body, sealed, ...(row.sticker && { sticker: row.sticker }) };
}

/** The message's files as its sender described them inside it, each with what opens it; none before it is read. */
function withFiles(item: TimelineItem, files: readonly SealedFile[] | undefined): TimelineItem {
  const { attachments: _relayed, ...rest } = item;
  return files?.length ? { ...rest, attachments: files.map(shownFile) } : rest;
}

/** A name from the sender is untrusted: shown and saved without control or direction characters, nor a path. */
const safeName = (name: string): string => [...name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '').replace(/[/\\]/g, '_')].slice(0, 255).join('').trim() || 'file';

/** Files of an encrypted conversation as the server lists them (nameless ciphertext), described as their messages read on this device describe them. */
export function describedFiles<T extends MessageAttachment>(files: readonly T[], read: readonly DecryptedMessage[]): (T | (T & SealedAttachment))[] {
  const sealed = new Map(read.flatMap((row) => row.files ?? []).map((file) => [file.id, file]));
  return files.map((file) => {
    const described = sealed.get(file.id);
    return described ? { ...file, ...shownFile(described) } : file;
  });
}

function shownFile(file: SealedFile): SealedAttachment {
  const { id, type, size, width, height } = file;
  return { id, name: safeName(file.name), type, size, ...(width !== undefined && height !== undefined && { width, height }), sealed: file };
}
