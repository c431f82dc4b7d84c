/** What the encrypted conversations' specs do as a person does (open a DM, turn encryption on, save the recovery key), and a server that lies. */
import { expect, type Page } from '@playwright/test';
import { CryptoDevice } from '@volley/client/e2ee';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Someone, TestUser } from './support.js';

/** Opens the DM with `username` from their profile, as a person does; its path. */
export async function openDm(page: Page, username: string): Promise<string> {
  await page.goto('/people');
  await page.getByLabel('Search people').fill(username);
  await page.getByTestId('search-result').filter({ hasText: username }).click();
  await page.getByRole('button', { name: 'Message' }).click();
  await expect(page).toHaveURL(/\/c\//);
  return new URL(page.url()).pathname;
}

/** The header's control, on screen or in the menu of more actions (a narrow header). */
export async function headerAction(page: Page, name: string) {
  const more = page.getByRole('button', { name: 'More actions', exact: true });
  if (await more.isVisible()) await more.click();
  return page.getByRole('button', { name, exact: true });
}

/** The recovery key, offered in a bar once the account's first device sets encryption up: shown, saved, and offered no more. */
export async function saveRecoveryKey(page: Page): Promise<string> {
  const bar = page.getByTestId('save-key-bar');
  await bar.getByRole('button').click({ timeout: 30_000 });
  const key = page.getByTestId('recovery-key');
  await expect(key).toBeVisible({ timeout: 30_000 });
  const text = (await key.textContent()) ?? '';
  expect(text.replace(/\s/g, '').length).toBeGreaterThan(30);
  await page.getByTestId('recovery-saved').click();
  await expect(key).toBeHidden();
  await expect(bar).toBeHidden();
  return text;
}

/**
 * `first` opens the DM with `second`, encrypted from the start (both have a device: made when they
 * registered); each saves the recovery key its device offers (`second` once it opens the DM). The DM's path.
 */
export async function encryptedDm(first: { page: Page }, second: { page: Page; user: TestUser }): Promise<string> {
  const dmPath = await openDm(first.page, second.user.username);
  await expect(first.page.getByTestId('encrypted-lock')).toBeVisible();
  await saveRecoveryKey(first.page);
  await second.page.goto(dmPath);
  await saveRecoveryKey(second.page);
  return dmPath;
}

/**
 * A person of the API (`someone`) writing in an encrypted DM as the app would: from a device of
 * their own (made on first use, as a bot's: the client library's), encrypted for both members.
 * `close` ends the device.
 */
export function sealedWriter(person: Someone) {
  const userId = person.volley.user?.id ?? '';
  let device: Promise<CryptoDevice> | undefined;
  return {
    async send(convId: string, to: string, body: string): Promise<void> {
      device ??= CryptoDevice.open({ api: person.volley.api, userId, deviceId: `E2E${userId.slice(-8)}` });
      const encrypted = await (await device).encrypt(convId, [userId, to], { body, msgtype: 'm.text' });
      expect((await person.volley.outbox().sendEncrypted(convId, encrypted)).status).toBe('accepted');
    },
    async close(): Promise<void> {
      (await device)?.close();
    },
  };
}

/**
 * A server that lies about who wrote what, as far as `page` can tell: from now on, every message of
 * the conversation `convId` that names `from` as its author reaches the page naming `to` (their
 * id and name), as a server rewriting senders would. The page's sockets of the conversation's
 * segments go through this proxy; their Yjs updates (y-protocols' sync messages) carry each message
 * as JSON (lib0's `writeAny`), so the author is rewritten where it is written and the update's
 * length put right; the rest passes as the server sent it.
 */
export async function rewriteAuthors(page: Page, convId: string, from: { id: string; name: string }, to: { id: string; name: string }): Promise<void> {
  const field = (key: string, value: string) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, key);
    encoding.writeAny(encoder, value);
    return Buffer.from(encoding.toUint8Array(encoder));
  };
  const swaps = [
    [field('author', from.id), field('author', to.id)],
    [field('authorName', from.name), field('authorName', to.name)],
  ] as const;
  const rewrite = (frame: Buffer): Buffer => {
    const decoder = decoding.createDecoder(frame);
    // A sync message (0) with a state (step 2, 1) or an update (2); anything else passes.
    if (decoding.readVarUint(decoder) !== 0) return frame;
    const step = decoding.readVarUint(decoder);
    if (step === 0) return frame;
    let update: Buffer = Buffer.from(decoding.readVarUint8Array(decoder));
    for (const [was, now] of swaps) update = replaceAll(update, was, now);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, update);
    return Buffer.concat([encoding.toUint8Array(encoder), frame.subarray(decoder.pos)]);
  };
  await page.routeWebSocket(new RegExp(`/sync/conv\\.${convId}\\.\\d+`), (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => socket.send(typeof message === 'string' ? message : rewrite(message)));
  });
}

function replaceAll(bytes: Buffer, was: Buffer, now: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(was); at !== -1; at = bytes.indexOf(was, from)) {
    parts.push(bytes.subarray(from, at), now);
    from = at + was.length;
  }
  return parts.length === 0 ? bytes : Buffer.concat([...parts, bytes.subarray(from)]);
}
