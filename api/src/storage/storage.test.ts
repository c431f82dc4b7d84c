import { mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@volley/core';
import { type BlobStore, openBlobStore } from './index.js';
import { startS3 } from './storage.testing.js';

const dataDir = mkdtempSync(join(tmpdir(), 'volley-store-'));
let s3: Awaited<ReturnType<typeof startS3>>;
beforeAll(async () => {
  s3 = await startS3();
});
afterAll(async () => {
  await s3?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const stores: [string, () => BlobStore][] = [
  ['a directory under the data directory', () => openBlobStore(loadConfig({ DATA_DIR: dataDir }))],
  ['an S3-compatible bucket', () => openBlobStore(loadConfig({ DATA_DIR: dataDir, ...s3.env }))],
];

describe.each(stores)('storage in %s', (_name, open) => {
  it('keeps what is put, streams it back, tells its size and forgets it when deleted', async () => {
    const store = open();
    const key = `att/${Math.random().toString(36).slice(2)}`;
    const body = 'héllo '.repeat(10_000);
    const bytes = Buffer.from(body);
    await store.put(key, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), bytes.length);
    expect(await store.stat(key)).toEqual({ size: bytes.length });
    expect(await text((await store.get(key))!)).toBe(body);

    await store.put(key, Buffer.from('replaced'), 8);
    expect(await text((await store.get(key))!)).toBe('replaced');

    await store.delete(key);
    expect(await store.stat(key)).toBeUndefined();
    expect(await store.get(key)).toBeUndefined();
    await store.delete(key);
  });

  it('keeps a copy of a file put from the disk, which stays where it was', async () => {
    const store = open();
    const key = `att/${Math.random().toString(36).slice(2)}`;
    const source = join(dataDir, `source-${Math.random().toString(36).slice(2)}`);
    const body = 'bonjour '.repeat(20_000);
    await writeFile(source, body);
    await store.putFile(key, source, Buffer.byteLength(body));
    expect(await store.stat(key)).toEqual({ size: Buffer.byteLength(body) });
    expect(await text((await store.get(key))!)).toBe(body);
    expect(await readFile(source, 'utf8')).toBe(body);

    await writeFile(source, 'replaced');
    await store.putFile(key, source, 8);
    expect(await text((await store.get(key))!)).toBe('replaced');
    await expect(store.putFile('../escape', source, 8)).rejects.toThrow(/not a storage key/);
    await store.delete(key);
  });

  it('has nothing under a key never put', async () => {
    const store = open();
    expect(await store.get('never-put')).toBeUndefined();
    expect(await store.stat('never-put')).toBeUndefined();
  });

  it('refuses a key that could leave its place', async () => {
    const store = open();
    for (const key of ['../jwt-secret', '/etc/passwd', 'a/../../b', 'a\\b', '', 'a//b', '.']) {
      await expect(store.put(key, Buffer.from('x'), 1)).rejects.toThrow(/not a storage key/);
      await expect(store.get(key)).rejects.toThrow(/not a storage key/);
    }
  });
});
