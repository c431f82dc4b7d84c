/** Test support: the embedded Volley on a free port, as `npm start` runs it, and a small API client. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectDb, createLogger, loadConfig, LOOSE_THROTTLES, type Db, type Logger } from '@volley/core';
import { socketProtocols, type AuthResponse } from '@volley/shared';
import { startVolley, type RunningVolley } from './volley.js';
import { TEST_PASSWORD } from '@volley/shared/testing';

export interface TestVolley extends RunningVolley {
  dataDir: string;
  wsUrl: string;
}

/**
 * With a stand-in PWA build (an index.html and one hashed asset); `env` overrides the configuration
 * (e.g. ACCESS_TOKEN_TTL); silent unless given a logger.
 *
 * Its data are its own, as `createTestDeps`' are: under a data directory of its own, and on
 * PostgreSQL + Redis in a schema and under a Redis prefix named after that directory, so that what
 * one test leaves (an address ban, a crowded #general) reaches no other, and no other run's events
 * reach it. A test that restarts a server on the same data passes the same `DATA_DIR` again; that
 * directory is the test's, which removes it with `dropTestVolleyData` when done. One made here goes
 * with the server on `close()`.
 */
export async function startTestVolley(env: Record<string, string> = {}, logger: Logger = createLogger('silent')): Promise<TestVolley> {
  const owned = env.DATA_DIR === undefined;
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'volley-server-'));
  const pwaDir = join(dataDir, 'pwa');
  mkdirSync(join(pwaDir, 'assets'), { recursive: true });
  writeFileSync(join(pwaDir, 'index.html'), '<!doctype html><title>Volley</title>');
  writeFileSync(join(pwaDir, 'assets', 'app-abc123.js'), 'export {}');
  const { schema, prefix } = testDataNames(dataDir);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    PWA_DIR: pwaDir,
    LOG_LEVEL: 'silent',
    ...LOOSE_THROTTLES,
    DATABASE_URL: process.env.DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL,
    REDIS_PREFIX: prefix,
    // Mail as on the embedded default whichever the database, as createTestDeps has it.
    MAIL_TO_LOG: 'true',
    ...env,
  });
  const { databaseUrl } = config;
  const database =
    databaseUrl && env.DATABASE_URL === undefined
      ? {
          connect: () => connectDb({ databaseUrl, dataDir: null, schema }),
          beforeDbCloses: async (db: Db) => {
            if (owned) await dropSchema(db, schema);
          },
        }
      : undefined;
  const volley = await startVolley(config, logger, { database });
  return {
    ...volley,
    dataDir,
    wsUrl: `${volley.url.replace('http', 'ws')}/sync`,
    async close() {
      await volley.close();
      if (owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The schema and Redis prefix of the test server on `dataDir`. */
function testDataNames(dataDir: string): { schema: string; prefix: string } {
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return { schema: `test_${id}`, prefix: `volley-test-${id}:` };
}

const dropSchema = (db: Db, schema: string) => db.raw('drop schema if exists ?? cascade', [schema]);

/** Removes what test servers kept on `dataDir`, a directory the test made and gave them as DATA_DIR. */
export async function dropTestVolleyData(dataDir: string): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const db = await connectDb({ databaseUrl, dataDir: null });
    await dropSchema(db, testDataNames(dataDir).schema).finally(() => db.destroy());
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * One Volley for the tests of a describe block, started before them and closed after, with the
 * stock providers its tests `open` (destroyed with it).
 */
export function sharedVolley(env: Record<string, string> = {}): { readonly volley: TestVolley; open(room: string, person: Person, doc?: Y.Doc): WebsocketProvider } {
  let volley: TestVolley | undefined;
  const providers: WebsocketProvider[] = [];
  beforeAll(async () => {
    volley = await startTestVolley(env);
  }, 60_000);
  afterAll(async () => {
    for (const p of providers) p.destroy();
    await volley?.close();
  });
  return {
    get volley() {
      return volley!;
    },
    open(room, person, doc) {
      const p = provider(volley!, room, person, doc);
      providers.push(p);
      return p;
    },
  };
}

export interface Person {
  id: string;
  username: string;
  token: string;
  /** JSON call to the API as this person; resolves with the status and the parsed body. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads the body as it expects it to be; a wrong guess fails its assertion.
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function register(volley: RunningVolley, prefix: string): Promise<Person> {
  const username = `${prefix}_${randomBytes(4).toString('hex')}`;
  const res = await fetch(`${volley.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: TEST_PASSWORD }),
  });
  const auth = (await res.json()) as AuthResponse;
  const person: Person = {
    id: auth.user.id,
    username,
    token: auth.accessToken,
    async call(method, path, body) {
      const response = await fetch(`${volley.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${person.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
  };
  return person;
}

/** A stock y-websocket provider, authenticated the way the PWA does it. */
export function provider(volley: TestVolley, room: string, person: Person, doc = new Y.Doc()): WebsocketProvider {
  class AuthenticatedSocket extends WebSocket {
    constructor(address: string) {
      super(address, socketProtocols(person.token));
    }
  }
  return new WebsocketProvider(volley.wsUrl, room, doc, {
    WebSocketPolyfill: AuthenticatedSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

/** The code a provider's socket is next closed with (0: no close frame). */
export const closeCode = (p: WebsocketProvider): Promise<number> =>
  new Promise<number>((resolve) => p.once('connection-close', (event: { code?: number } | null) => resolve(event?.code ?? 0)));

/** Resolves once the provider has synced its document. */
export const synced = (p: WebsocketProvider): Promise<void> => (p.synced ? Promise.resolve() : new Promise<void>((resolve) => p.once('sync', () => resolve())));

/** Polls until `probe` returns something other than undefined or false. */
export async function waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
