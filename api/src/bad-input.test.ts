/**
 * Every route against every kind of bad input, spelled with and without a trailing slash:
 * always a 4xx in the one error shape, never a 500, a stack trace or SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AccessTokens } from '@volley/core';
import { API_BODY_MAX_BYTES, ErrorCodes, REFRESH_COOKIE } from '@volley/shared';
import { bearer, signUp, startTestApi, type Session, type TestApi } from './api.testing.js';

// Stricter than the shared ErrorBody: nothing beside code, message and fields may leak out.
const ExactErrorBody = z.strictObject({
  error: z.strictObject({ code: z.enum(ErrorCodes), message: z.string().min(1), fields: z.record(z.string(), z.array(z.string())).optional() }),
});

interface Expected {
  status: number;
  code: (typeof ErrorCodes)[number];
  fields?: Record<string, string[]>;
}

interface Case {
  name: string;
  method: string;
  path: string;
  init?: (session: Session) => RequestInit;
  expected: Expected;
}

const json = (body: string | Uint8Array<ArrayBuffer>, contentType: string | null = 'application/json'): RequestInit => ({
  body,
  headers: contentType ? { 'Content-Type': contentType } : {},
});
const oneMegabyte = `{"username":"${'x'.repeat(1024 * 1024)}"}`;
const streamed = (text: string): RequestInit =>
  ({ ...json(''), body: new Blob([text]).stream(), duplex: 'half' }) as RequestInit;

const valid = {
  '/api/v1/auth/register': { username: 'valid_name', email: 'valid@example.com', password: 'long enough' },
  '/api/v1/auth/login': { login: 'valid_name', password: 'long enough' },
};

function bodyCases(path: keyof typeof valid): Case[] {
  const example = valid[path];
  const fieldNames = Object.keys(example);
  // A function where a body can be read only once (a stream).
  const post = (name: string, init: RequestInit | (() => RequestInit), expected: Expected): Case =>
    ({ name, method: 'POST', path, init: typeof init === 'function' ? init : () => init, expected });
  const required = Object.fromEntries(fieldNames.map((f) => [f, ['required']]));
  return [
    post('no body', {}, { status: 400, code: 'validation_failed', fields: required }),
    post('an empty JSON body', json(''), { status: 400, code: 'validation_failed', fields: required }),
    post('malformed JSON', json('{"login": '), { status: 400, code: 'invalid_json' }),
    post('bytes that are not UTF-8', json(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), { status: 400, code: 'invalid_json' }),
    post('a text/plain body', json(JSON.stringify(example), 'text/plain'), { status: 415, code: 'unsupported_media_type' }),
    post('a form body', json('a=1', 'application/x-www-form-urlencoded'), { status: 415, code: 'unsupported_media_type' }),
    post('no content type', json(new TextEncoder().encode(JSON.stringify(example)), null), { status: 415, code: 'unsupported_media_type' }),
    post('JSON in another charset', json(JSON.stringify(example), 'application/json; charset=latin1'), { status: 415, code: 'unsupported_media_type' }),
    ...['[]', 'null', '"text"', '42'].map((body) => post(`the JSON ${body}`, json(body), { status: 400, code: 'validation_failed' })),
    post('wrong types', json(JSON.stringify(Object.fromEntries(fieldNames.map((f) => [f, 12345])))), {
      status: 400,
      code: 'validation_failed',
      fields: Object.fromEntries(fieldNames.map((f) => [f, [expect.any(String)]])),
    }),
    ...fieldNames.map((missing) =>
      post(`no ${missing}`, json(JSON.stringify({ ...example, [missing]: undefined })), { status: 400, code: 'validation_failed', fields: { [missing]: ['required'] } }),
    ),
    post('an extra field', json(JSON.stringify({ ...example, isAdmin: true })), { status: 400, code: 'validation_failed', fields: { isAdmin: ['unknown_field'] } }),
    post('a 1 MB body', json(oneMegabyte), { status: 413, code: 'payload_too_large' }),
    post('a 1 MB body sent in chunks', () => streamed(oneMegabyte), { status: 413, code: 'payload_too_large' }),
    post('one byte over the limit', json(`${' '.repeat(API_BODY_MAX_BYTES - 1)}{}`), { status: 413, code: 'payload_too_large' }),
  ];
}

function authCases(method: string, path: string): Case[] {
  const unauthenticated: Expected = { status: 401, code: 'unauthenticated' };
  return [
    { name: 'no access token', method, path, expected: unauthenticated },
    { name: 'a malformed access token', method, path, init: () => ({ headers: { Authorization: 'Bearer a.b.c' } }), expected: unauthenticated },
    { name: 'an access token in a cookie', method, path, init: (s) => ({ headers: { Cookie: `token=${s.accessToken}` } }), expected: unauthenticated },
  ];
}

const conversationQueries: [string, Record<string, string[]>][] = [
  ['?limit=abc', { limit: [expect.any(String)] }],
  ['?limit=0', { limit: [expect.any(String)] }],
  ['?limit=1000', { limit: [expect.any(String)] }],
  ['?limit=1&limit=2', { limit: [expect.any(String)] }],
  ['?cursor=%%%', { cursor: ['cursor_format'] }],
  ['?sort=desc', { sort: ['unknown_field'] }],
];

function routeCases(method: string, path: string, otherMethods: string[]): Case[] {
  return [
    { name: 'an unknown route below it', method, path: `${path}/no/such/route`, expected: { status: 404, code: 'not_found' } },
    ...otherMethods.map((m): Case => ({ name: `method ${m}`, method: m, path, expected: { status: 405, code: 'method_not_allowed' } })),
  ];
}

const ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
/** The routes of people and places, then of chat: guarded, strict about bodies and queries, and known methods only. */
const SOCIAL_ROUTES: [method: string, path: string, others: string[], body?: Record<string, unknown>][] = [
  ['PATCH', '/api/v1/me', ['POST'], { bio: 'hi' }],
  ['PUT', '/api/v1/me/avatar', ['GET', 'POST']],
  ['GET', '/api/v1/users', ['POST', 'DELETE']],
  ['GET', `/api/v1/users/${ID}`, ['POST', 'PUT']],
  ['GET', '/api/v1/friends', ['PUT']],
  ['GET', '/api/v1/friends/requests', ['PUT'], undefined],
  ['POST', '/api/v1/friends/requests', ['PATCH'], { userId: ID }],
  ['POST', `/api/v1/friends/requests/${ID}/accept`, ['GET']],
  ['POST', `/api/v1/friends/requests/${ID}/decline`, ['GET']],
  ['DELETE', `/api/v1/friends/${ID}`, ['POST']],
  ['GET', '/api/v1/blocks', ['POST']],
  ['PUT', `/api/v1/blocks/${ID}`, ['POST']],
  ['POST', '/api/v1/conversations/dm', ['PUT'], { userId: ID }],
  ['POST', '/api/v1/channels', ['PUT'], { name: 'x', access: 'public' }],
  ['GET', `/api/v1/conversations/${ID}`, ['POST']],
  ['PATCH', `/api/v1/conversations/${ID}`, ['POST'], { name: 'x' }],
  ['PUT', `/api/v1/conversations/${ID}/password`, ['GET'], { password: null }],
  ['POST', `/api/v1/conversations/${ID}/transfer`, ['GET'], { userId: ID }],
  ['POST', `/api/v1/conversations/${ID}/join`, ['GET'], {}],
  ['POST', `/api/v1/conversations/${ID}/leave`, ['GET']],
  ['GET', `/api/v1/conversations/${ID}/members`, ['POST']],
  ['PATCH', `/api/v1/conversations/${ID}/members/${ID}`, ['GET'], { role: 'admin' }],
  ['POST', `/api/v1/conversations/${ID}/kick`, ['GET'], { userId: ID }],
  ['POST', `/api/v1/conversations/${ID}/ban`, ['GET'], { userId: ID }],
  ['DELETE', `/api/v1/conversations/${ID}/bans/${ID}`, ['GET']],
  ['POST', `/api/v1/conversations/${ID}/mute`, ['GET'], { userId: ID, minutes: 5 }],
  ['DELETE', `/api/v1/conversations/${ID}/mutes/${ID}`, ['GET']],
  ['POST', `/api/v1/conversations/${ID}/join-requests`, ['PUT']],
  ['POST', `/api/v1/join-requests/${ID}/accept`, ['GET']],
  ['POST', `/api/v1/join-requests/${ID}/reject`, ['GET']],
  ['POST', `/api/v1/conversations/${ID}/invitations`, ['GET'], { userId: ID }],
  ['GET', `/api/v1/conversations/${ID}/messages`, ['POST', 'DELETE']],
  ['GET', '/api/v1/search', ['POST', 'PUT']],
  ['POST', `/api/v1/games/${ID}/accept`, ['GET']],
  ['POST', `/api/v1/games/${ID}/decline`, ['GET']],
  ['GET', `/api/v1/games/${ID}`, ['POST', 'DELETE']],
  ['GET', `/api/v1/users/${ID}/matches`, ['POST']],
  ['GET', `/api/v1/users/${ID}/game-stats`, ['POST']],
  ['GET', '/api/v1/leaderboard', ['POST']],
];

const authedJson = (s: Session, body: string, contentType = 'application/json'): RequestInit => ({ body, headers: { ...bearer(s), 'Content-Type': contentType } });
const invalid = (fields?: Record<string, string[]>): Expected => ({ status: 400, code: 'validation_failed', ...(fields ? { fields } : {}) });

/** Every route unauthenticated and with wrong methods; with a JSON body, bad JSON, a wrong type and an extra field. */
function socialCases(): Case[] {
  return SOCIAL_ROUTES.flatMap(([method, path, others, body]) => [
    ...authCases(method, path),
    ...routeCases(method, path, others),
    ...(body === undefined
      ? []
      : [
          { name: 'malformed JSON', method, path, init: (s: Session) => authedJson(s, '{"a":'), expected: { status: 400, code: 'invalid_json' } as Expected },
          { name: 'a text/plain body', method, path, init: (s: Session) => authedJson(s, JSON.stringify(body), 'text/plain'), expected: { status: 415, code: 'unsupported_media_type' } as Expected },
          { name: 'an extra field', method, path, init: (s: Session) => authedJson(s, JSON.stringify({ ...body, isAdmin: true })), expected: invalid({ isAdmin: ['unknown_field'] }) },
          { name: 'the JSON []', method, path, init: (s: Session) => authedJson(s, '[]'), expected: invalid() },
        ]),
  ]);
}

const socialQueries: [string, Record<string, string[]>][] = [
  ['/api/v1/users', { q: ['required'] }],
  ['/api/v1/users?q=', { q: ['required'] }],
  ['/api/v1/users?q=a&cursor=%%%', { cursor: ['cursor_format'] }],
  ['/api/v1/friends?limit=0', { limit: [expect.any(String)] }],
  ['/api/v1/friends/requests?direction=sideways', { direction: [expect.any(String)] }],
  ['/api/v1/blocks?sort=desc', { sort: ['unknown_field'] }],
  ['/api/v1/channels?limit=1000', { limit: [expect.any(String)] }],
  [`/api/v1/conversations/${ID}/join-requests?cursor=bm9wZQ`, { cursor: ['cursor_format'] }],
  [`/api/v1/conversations/${ID}/members?q=${'x'.repeat(41)}`, { q: [expect.any(String)] }],
  [`/api/v1/conversations/${ID}/messages?before=0`, { before: [expect.any(String)] }],
  [`/api/v1/conversations/${ID}/messages?before=abc&limit=201`, { before: [expect.any(String)], limit: [expect.any(String)] }],
  [`/api/v1/conversations/${ID}/messages?cursor=MQ`, { cursor: ['unknown_field'] }],
  ['/api/v1/search', { q: ['required'] }],
  ['/api/v1/search?q=%20%20', { q: ['required'] }],
  ['/api/v1/search?q=a&limit=51', { limit: [expect.any(String)] }],
  ['/api/v1/search?q=a&convId=a&convId=b', { convId: [expect.any(String)] }],
  ['/api/v1/search?q=a&cursor=bm9wZQ', { cursor: ['cursor_format'] }],
  [`/api/v1/search?q=a&cursor=${Buffer.from('[1,"yesterday","x"]').toString('base64url')}`, { cursor: ['cursor_format'] }],
  [`/api/v1/users/${ID}/matches?limit=0`, { limit: [expect.any(String)] }],
  [`/api/v1/users/${ID}/matches?limit=101`, { limit: [expect.any(String)] }],
  [`/api/v1/users/${ID}/matches?cursor=bm9wZQ`, { cursor: ['cursor_format'] }],
  [`/api/v1/users/${ID}/matches?page=2`, { page: ['unknown_field'] }],
];

const cases: Case[] = [
  ...socialQueries.map(([path, fields]): Case => ({ name: 'a bad query', method: 'GET', path, init: (s) => ({ headers: bearer(s) }), expected: invalid(fields) })),
  ...bodyCases('/api/v1/auth/register'),
  ...bodyCases('/api/v1/auth/login'),
  ...routeCases('POST', '/api/v1/auth/register', ['GET', 'PUT', 'DELETE']),
  ...routeCases('POST', '/api/v1/auth/login', ['GET', 'PATCH']),
  ...routeCases('POST', '/api/v1/auth/refresh', ['GET', 'DELETE']),
  ...routeCases('POST', '/api/v1/auth/logout', ['GET', 'PROPFIND']),
  { name: 'a forged refresh cookie', method: 'POST', path: '/api/v1/auth/refresh', init: () => ({ headers: { Cookie: `${REFRESH_COOKIE}=${'x'.repeat(43)}` } }), expected: { status: 401, code: 'unauthenticated' } },
  ...authCases('GET', '/api/v1/me'),
  ...routeCases('GET', '/api/v1/me', ['POST', 'PUT']),
  ...authCases('GET', '/api/v1/conversations'),
  ...routeCases('GET', '/api/v1/conversations', ['POST', 'PUT']),
  ...conversationQueries.map(([query, fields]): Case => ({
    name: 'a bad query',
    method: 'GET',
    path: `/api/v1/conversations${query}`,
    init: (s) => ({ headers: bearer(s) }),
    expected: { status: 400, code: 'validation_failed', fields },
  })),
  ...socialCases(),
  ...routeCases('GET', '/healthz', ['POST']),
  { name: 'an unknown version', method: 'GET', path: '/api/v2/me', expected: { status: 404, code: 'not_found' } },
  { name: 'the bare prefix', method: 'GET', path: '/api/v1', expected: { status: 404, code: 'not_found' } },
];

let t: TestApi;
let session: Session;
beforeAll(async () => {
  t = await startTestApi();
  session = await signUp(t);
});
afterAll(() => t.close());

describe.each(['', '/'])('bad input (trailing "%s")', (slash) => {
  const spelled = (path: string) => path.replace(/(\?|$)/, `${slash}$1`);
  it.each(cases.map((c) => [`${c.method} ${spelled(c.path)} with ${c.name}`, c] as const))('%s', async (_, c) => {
    const res = await t.request(spelled(c.path), { method: c.method, ...c.init?.(session) });
    const text = await res.text();
    expect(res.status).toBe(c.expected.status);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = ExactErrorBody.parse(JSON.parse(text));
    expect(body.error.code).toBe(c.expected.code);
    if (c.expected.fields) expect(body.error.fields).toEqual(c.expected.fields);
    if (c.expected.status === 405) expect(res.headers.get('allow')).toMatch(/^[A-Z, ]+$/);
    expect(text).not.toMatch(/\bat .*:\d+|\.ts\b|\.js\b/);
    expect(text).not.toMatch(/\b(select|insert|update|delete from)\b|\$\d/i);
  });
});

describe('the two spellings of a route', () => {
  it('answer alike with and without a trailing slash', async () => {
    for (const path of ['/api/v1/me', '/api/v1/conversations', '/healthz']) {
      const plain = await t.request(path, { headers: bearer(session) });
      const slashed = await t.request(`${path}/`, { headers: bearer(session) });
      expect(slashed.status).toBe(200);
      expect(await slashed.json()).toEqual(await plain.json());
    }
  });

  it('keeps an expired token distinct from a missing one on every guarded route', async () => {
    const expired = new AccessTokens(t.deps.config.jwtSecret, -60).sign({ userId: session.user.id, username: session.user.username });
    for (const path of ['/api/v1/me', '/api/v1/conversations/']) {
      const res = await t.request(path, { headers: bearer({ accessToken: expired }) });
      expect(res.status).toBe(401);
      expect(ExactErrorBody.parse(await res.json()).error.code).toBe('token_expired');
    }
  });
});
