import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '@volley/core';
import { testDeps } from '@volley/core/testing';
import { ErrorBody } from '@volley/shared';
import { createApi } from '../index.js';

type Line = Record<string, unknown>;

/** Keeps what the api logs, bindings included, to check what reaches the logs. */
function recordingLogger(lines: Line[], bindings: Line = {}): Logger {
  const write = (fields: Line, msg?: string) => void lines.push({ ...bindings, ...fields, msg });
  return { child: (more: Line) => recordingLogger(lines, { ...bindings, ...more }), info: write, warn: write, error: write } as unknown as Logger;
}

const deps = await testDeps();
let server: Server;
let url: string;
const lines: Line[] = [];

beforeAll(async () => {
  server = createServer(createApi({ ...deps, logger: recordingLogger(lines) }).callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('an unexpected failure', () => {
  it('answers 500 internal with a generic message, and logs it with the request id but no secrets', async () => {
    // A database that lost a table: registration's SQL fails mid-transaction.
    await deps.db.schema.dropTable('conversation_members');
    const password = 'a secret password';
    const res = await fetch(`${url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'unlucky', email: 'unlucky@example.com', password }),
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(ErrorBody.parse(JSON.parse(text)).error).toEqual({ code: 'internal', message: 'Something went wrong on our side.' });
    expect(text).not.toMatch(/conversation_members|insert|\bat /i);

    const requestId = res.headers.get('x-request-id');
    const failure = lines.find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({ category: 'http', requestId, err: { message: expect.stringContaining('conversation_members') } });
    expect(JSON.stringify(lines)).not.toContain(password);
  });
});
