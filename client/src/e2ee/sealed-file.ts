/**
 * Files in end-to-end encrypted conversations (docs/protocol.md, "Encrypted files"): each file is
 * encrypted on the sending device with a key of its own (AES-256-GCM, WebCrypto's), and only the
 * ciphertext is uploaded, with no name; what opens it — key, IV, the ciphertext's SHA-256 — and
 * what it is — name, type, size, a picture's dimensions — travel inside the encrypted message, as
 * Matrix's `EncryptedFile` does. No crypto machine here: a page loads this without the WebAssembly.
 */
import type { MessageAttachment } from '@volley/shared';
import type { ApiClient } from '../api-client.js';
import type { UploadOptions } from '../upload.js';

/**
 * A file as the encrypted message describes it to its readers: what a plain message's attachment
 * says of it (`size` the file's own; the server sees only the ciphertext's, 16 bytes more), and what opens it.
 */
export interface SealedFile extends Pick<MessageAttachment, 'id' | 'name' | 'type' | 'size' | 'width' | 'height'> {
  /** The file's own AES-GCM key, as a JSON Web Key. */
  key: { kty: 'oct'; alg: 'A256GCM'; k: string; key_ops: string[]; ext: true };
  /** 12 random bytes, base64. */
  iv: string;
  /** Of the ciphertext, base64: checked before anything is decrypted. */
  hashes: { sha256: string };
  /** A picture's thumbnail, made and encrypted on the sending device (the server can make none of ciphertext), served as the file's thumbnail. */
  thumbnail?: SealedThumbnail;
}

/** What opens a file's ciphertext and what it is: a file's own, or its thumbnail's. */
export type Sealed = Pick<SealedFile, 'type' | 'key' | 'iv' | 'hashes'>;

/** An encrypted picture's thumbnail, as the message describes it. */
export type SealedThumbnail = Sealed & Pick<SealedFile, 'size' | 'width' | 'height'>;

/** What a file is, as its sender tells its readers. */
export type FileAbout = Pick<SealedFile, 'name' | 'type' | 'width' | 'height'>;

/** Why a file could not be opened: `hash_mismatch`, its bytes are not those the message names; `undecryptable`, the key does not open them. */
export class SealedFileError extends Error {
  constructor(readonly reason: 'hash_mismatch' | 'undecryptable') {
    super(`encrypted file: ${reason}`);
  }
}

const base64 = (bytes: Uint8Array): string => {
  let text = '';
  // In slices: spreading a large file's bytes as arguments overflows the stack.
  for (let at = 0; at < bytes.length; at += 0x8000) text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(text);
};
const bytesOf = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const sha256 = async (bytes: BufferSource): Promise<string> => base64(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));

/** Encrypts a file with a fresh key: the ciphertext to upload, and what the message will say of it (its id once uploaded). */
export async function sealFile(file: Blob, about: FileAbout): Promise<{ ciphertext: Blob; sealed: Omit<SealedFile, 'id'> }> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, await file.arrayBuffer());
  const { k } = await crypto.subtle.exportKey('jwk', key);
  if (!k) throw new Error('the key could not be exported');
  const sealed: Omit<SealedFile, 'id'> = { ...about, size: file.size, key: { kty: 'oct', alg: 'A256GCM', k, key_ops: ['encrypt', 'decrypt'], ext: true }, iv: base64(iv), hashes: { sha256: await sha256(ciphertext) } };
  return { ciphertext: new Blob([ciphertext], { type: 'application/octet-stream' }), sealed };
}

/** The file, from its ciphertext: refused (`SealedFileError`) when the hash differs or the key does not open it. */
export async function openFile(ciphertext: Blob, file: Sealed): Promise<Blob> {
  const bytes = await ciphertext.arrayBuffer();
  if ((await sha256(bytes)) !== file.hashes.sha256) throw new SealedFileError('hash_mismatch');
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: 'oct', k: file.key.k, alg: 'A256GCM', ext: true }, 'AES-GCM', false, ['decrypt']);
    return new Blob([await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytesOf(file.iv) }, key, bytes)], { type: file.type });
  } catch {
    throw new SealedFileError('undecryptable');
  }
}

/**
 * Encrypts and uploads a file into an encrypted conversation: what to put in the message's `files`
 * (and its id in the send's `attachments`). A picture's `thumbnail`, made by the caller, is
 * encrypted with a key of its own and uploaded as the file's (`PUT /attachments/:id/thumbnail`).
 * `keep` is given each ciphertext uploaded (a page keeps them, so that what it sent shows offline
 * without being fetched back).
 */
export async function uploadSealed(
  api: ApiClient,
  convId: string,
  file: Blob,
  about: FileAbout,
  options: UploadOptions & { thumbnail?: { blob: Blob; width: number; height: number }; keep?: (id: string, ciphertext: Blob, thumbnail?: 'thumbnail') => Promise<void> } = {},
): Promise<SealedFile> {
  const { ciphertext, sealed } = await sealFile(file, about);
  const { id } = await api.upload(convId, ciphertext, undefined, options);
  await options.keep?.(id, ciphertext);
  if (!options.thumbnail) return { id, ...sealed };
  const { blob, width, height } = options.thumbnail;
  const small = await sealFile(blob, { name: '', type: blob.type, width, height });
  await api.request('PUT', `/attachments/${encodeURIComponent(id)}/thumbnail`, { body: small.ciphertext });
  await options.keep?.(id, small.ciphertext, 'thumbnail');
  const { name: _none, ...thumbnail } = small.sealed;
  return { id, ...sealed, thumbnail };
}

/** Downloads a file of an encrypted message and opens it; `read` may read the ciphertext another way (a cache kept offline). */
export async function downloadSealed(api: ApiClient, file: SealedFile, read: () => Promise<Blob> = () => api.download(file.id)): Promise<Blob> {
  return openFile(await read(), file);
}

/** A picture's thumbnail, from its ciphertext (`read`: the file's thumbnail, downloaded or kept); refused as `openFile` refuses. */
export async function downloadThumbnail(api: ApiClient, file: SealedFile & { thumbnail: SealedThumbnail }, read: () => Promise<Blob> = () => api.download(file.id, true)): Promise<Blob> {
  return openFile(await read(), file.thumbnail);
}

/** The files an encrypted message names, read defensively: what its sender wrote is untrusted. */
export function sealedFilesOf(content: unknown): SealedFile[] {
  const files = (content as { files?: unknown }).files;
  if (!Array.isArray(files)) return [];
  const opens = (f: Partial<SealedThumbnail> | null | undefined): boolean =>
    typeof f?.type === 'string' &&
    typeof f.size === 'number' &&
    typeof f.key?.k === 'string' &&
    typeof f.iv === 'string' &&
    typeof f.hashes?.sha256 === 'string' &&
    (f.width === undefined || typeof f.width === 'number') &&
    (f.height === undefined || typeof f.height === 'number');
  return files
    .filter((file): file is SealedFile => typeof (file as Partial<SealedFile> | null)?.id === 'string' && typeof (file as SealedFile).name === 'string' && opens(file as SealedFile))
    .map(({ thumbnail, ...file }) => (opens(thumbnail) ? { ...file, thumbnail: thumbnail! } : file));
}
