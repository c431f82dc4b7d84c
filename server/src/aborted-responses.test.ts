/**
 * A client that drops a response halfway (a download cancelled, a page left while a file loads) is
 * routine: the log stays one JSON object a line, with at most a debug line about it, and nothing is
 * printed beside the logger (Koa's default is the stack on stderr).
 */
import { writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '@volley/core';
import { startTestVolley, type TestVolley } from './server.testing.js';

/** Resolves once the response's headers and a first chunk arrived, then drops the connection. */
function abortAfterFirstChunk(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
  });
}

describe('a response the client aborts', () => {
  let volley: TestVolley;
  const lines: string[] = [];
  const printed: unknown[] = [];
  const parsed = () => lines.map((line) => JSON.parse(line) as { level: number; msg: string; err?: { code?: string } });

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    vi.spyOn(console, 'error').mockImplementation((...args) => void printed.push(args));
    vi.spyOn(console, 'log').mockImplementation((...args) => void printed.push(args));
    volley = await startTestVolley({}, createLogger('debug', sink));
    // Big enough that the server is still writing when the client goes.
    writeFileSync(join(volley.dataDir, 'pwa', 'assets', 'big-abc123.js'), 'x'.repeat(32 * 1024 * 1024));
  });
  afterAll(async () => {
    await volley?.close();
    vi.restoreAllMocks();
  });

  it('logs a dropped download of a PWA file as one JSON debug line, with no stack and nothing else printed', async () => {
    expect(await abortAfterFirstChunk(`${volley.url}/assets/big-abc123.js`, { 'accept-encoding': 'identity' })).toBe(200);
    await vi.waitFor(() => expect(parsed().some((line) => line.msg === 'response aborted by the client')).toBe(true), { timeout: 5000 });
    const aborted = parsed().filter((line) => line.msg === 'response aborted by the client');
    expect(aborted.every((line) => line.level === 20)).toBe(true);
    expect(lines.filter((line) => /\bat .*:\d+:\d+/.test(line))).toEqual([]);
    expect(parsed().filter((line) => line.level >= 40)).toEqual([]);
    expect(printed).toEqual([]);
  });

  it('logs a dropped compressed api answer the same way, and keeps answering', async () => {
    for (let i = 0; i < 5; i++) await abortAfterFirstChunk(`${volley.url}/api/v1/openapi.json`, { 'accept-encoding': 'gzip' });
    expect((await fetch(`${volley.url}/api/v1/openapi.json`)).status).toBe(200);
    expect(parsed().filter((line) => line.level >= 40)).toEqual([]);
    expect(lines.filter((line) => /\bat .*:\d+:\d+/.test(line))).toEqual([]);
    expect(printed).toEqual([]);
  });
});
