/**
 * A schema-aware fuzz of the public api, generated from its own OpenAPI document
 * (`GET /api/v1/openapi.json`, api/src/openapi.ts): for every operation, requests built from its
 * path, query and body schemas, valid or mutated the way hostile clients do (keys named like
 * `Object.prototype`'s members at any depth, deep nesting, huge and negative numbers, wrong types,
 * NUL and lone surrogates, 1 MB strings, repeated keys in the raw JSON, a wrong Content-Type),
 * with and without a valid token. `judge` says what is wrong with an answer: a 5xx, an error
 * outside the one error shape or with a status its code does not have, a stack trace, no answer.
 * Used by `fuzz.test.ts` (a few thousand requests, fixed seed) and `bench/api-fuzz.ts` (≥ 100,000).
 */
import fc from 'fast-check';
import { ErrorBody, ErrorCodes, type ErrorCode } from '@volley/shared';
import { TEST_PASSWORD } from '@volley/shared/testing';
import { apiError } from './errors.js';

/** The part of JSON Schema (draft 2020-12) that zod's `z.toJSONSchema` writes for our schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** One operation of the document: `POST /api/v1/channels`. */
export interface Operation {
  id: string;
  method: string;
  /** As documented: `/api/v1/conversations/{id}`. */
  path: string;
  params: Parameter[];
  body: JsonSchema | undefined;
  secured: boolean;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> }; security?: unknown[] }>>;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content['application/json']?.schema,
      secured: (op.security?.length ?? 0) > 0,
    })),
  );
}

/** Values a schema accepts (as far as its shape goes: a valid body may still be refused by the route). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(validValue));
  const types = typeof schema.type === 'string' ? [schema.type] : schema.type;
  if (!types) return fc.jsonValue({ maxDepth: 2 });
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type })));
  switch (types[0]) {
    case 'string': {
      const { minLength = 0, maxLength = 64 } = schema;
      const text = schema.pattern ? fc.stringMatching(new RegExp(schema.pattern, 'u')) : fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 64), unit: 'grapheme' });
      return text.filter((value) => value.length >= minLength && value.length <= maxLength);
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1e6 : schema.exclusiveMinimum + 1);
      const max = schema.maximum ?? (schema.exclusiveMaximum === undefined ? 1e6 : schema.exclusiveMaximum - 1);
      return types[0] === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? validValue(schema.items) : fc.jsonValue({ maxDepth: 1 }), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, (schema.minItems ?? 0) + 4) });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) return fc.constant({});
      return fc.record(Object.fromEntries(properties.map(([name, inner]) => [name, validValue(inner)])), { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every own member name of `Object.prototype`, and the three keys that reach a prototype. */
export const INHERITED_NAMES = [...new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'constructor', 'prototype'])];

const HUGE_NUMBERS = ['1e308', '-1e308', '1e309', '-0', '9007199254740993', '-9007199254740993', '-1', '-2147483649', '4294967296', '1e-400', '0.5', '123456789012345678901234567890'];
const HOSTILE_TEXT = ['\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\udfff\ud800', '\uffff', '\u202e', '%00', '../../etc/passwd', "'; drop table users; --", '', ' ', '💥'.repeat(40)];
const CONTENT_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/jsonx', 'application/*', '', 'application/json; charset=utf-16'];
const BAD_PATH_VALUES = ['x', '%00', '%ED%A0%80', '%E0%A4%A', '%ZZ', '__proto__', 'constructor', 'hasOwnProperty', '..', '%2e%2e', '%2F', 'Z'.repeat(5000), '01HZZZZZZZZZZZZZZZZZZZZZZZ', '01hzzzzzzzzzzzzzzzzzzzzzzz', '-1', '0', '1e308'];
const BAD_QUERY_VALUES = ['%00', 'a%00b', '%ED%A0%80', '%FF%FE', '%E0%A4%A', '%ZZ', 'x'.repeat(5000), '-1', '1e308', '-1e308', 'NaN', 'Infinity', '%5B%5D', '0x10', ''];

/** A body as the raw text a hostile client sends: what JSON.stringify cannot write (repeated keys, bad bytes) included. */
type Body = { text: string; bytes?: never } | { bytes: Buffer; text?: never };

export interface FuzzRequest {
  op: string;
  method: string;
  path: string;
  /** Which token: the fixture user's, none, or something that is not one. */
  auth: 'valid' | 'none' | 'garbage' | 'malformed';
  contentType: string | undefined;
  body: Body | undefined;
  /** What was done to the request, for the report. */
  mutation: string;
}

/** Ids the requests use for path parameters: real ones of the fixture, plus anything the document's pattern allows. */
export type Fixture = Record<string, string[]>;

/** Every container (object or array) in `value`, for a mutation at a chosen depth. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  const found: (Record<string, unknown> | unknown[])[] = [];
  const pending = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next !== null && typeof next === 'object') {
      found.push(next as Record<string, unknown>);
      pending.push(...Object.values(next));
    }
  }
  return found;
}

/** A deep copy in objects without a prototype, so that a `__proto__` key is an own key that JSON.stringify writes. */
const copy = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? 'null', (_key, inner) => (inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.assign(Object.create(null), inner) : inner));

function setIn(container: Record<string, unknown> | unknown[], key: string, value: unknown, pick: number): void {
  if (Array.isArray(container)) container[pick % (container.length + 1)] = value;
  else container[key] = value;
}

const deepNesting = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

/** A hostile value for one place of a body. */
const hostileValue: fc.Arbitrary<{ raw: string; what: string }> = fc.oneof(
  fc.constantFrom(...HUGE_NUMBERS).map((raw) => ({ raw, what: `number ${raw}` })),
  fc.constantFrom(...HOSTILE_TEXT).map((text) => ({ raw: JSON.stringify(text), what: 'ill-formed or odd text' })),
  fc.constantFrom('true', 'null', '[]', '{}', '[null]', '{"":""}', '"1"', '0').map((raw) => ({ raw, what: `wrong type ${raw}` })),
  fc.tuple(fc.boolean(), fc.integer({ min: 100, max: 20_000 })).map(([arrays, depth]) => ({ raw: arrays ? deepNesting(depth, '[', ']') : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, what: `nesting ${depth} deep` })),
  fc.constantFrom(...INHERITED_NAMES).map((name) => ({ raw: `{"${name}":{"${name}":1}}`, what: `object with ${name}` })),
);

/** Mutations of a valid body, each as the raw text it sends. */
function mutate(valid: unknown): fc.Arbitrary<{ text: string; what: string }> {
  const keys = valid !== null && typeof valid === 'object' && !Array.isArray(valid) ? Object.keys(valid) : [];
  const places = containers(valid).length;
  const inPlace = (what: string, change: (container: Record<string, unknown> | unknown[], pick: number) => void) =>
    fc.nat({ max: Math.max(places - 1, 0) }).chain((at) =>
      fc.nat().map((pick) => {
        const body = copy(valid);
        const target = containers(body)[at];
        if (target) change(target, pick);
        return { text: JSON.stringify(body ?? null), what };
      }),
    );
  return fc.oneof(
    // A key named like an inherited member, at any depth.
    fc.tuple(fc.constantFrom(...INHERITED_NAMES), fc.jsonValue({ maxDepth: 1 })).chain(([name, value]) => inPlace(`key ${name}`, (container, pick) => setIn(container, name, value, pick))),
    // A hostile value in place of a field (or an element).
    fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), hostileValue).map(([key, { raw, what }]) => {
      const marker = 'fuzz-marker-b6a1';
      const body = copy(valid) as Record<string, unknown>;
      const text = body !== null && typeof body === 'object' && !Array.isArray(body) ? JSON.stringify({ ...body, [key]: marker }) : JSON.stringify(marker);
      return { text: text.replace(JSON.stringify(marker), raw), what: `${key}: ${what}` };
    }),
    // A required field missing.
    fc.constantFrom(...(keys.length > 0 ? keys : ['x'])).map((key) => {
      const body = copy(valid) as Record<string, unknown>;
      if (body !== null && typeof body === 'object') delete body[key];
      return { text: JSON.stringify(body), what: `without ${key}` };
    }),
    // The same key twice in the raw text: the parser keeps the last one.
    fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), hostileValue).map(([key, { raw, what }]) => {
      const text = JSON.stringify(valid ?? {});
      return { text: text.startsWith('{') && text !== '{}' ? `{"${key}":${raw},${text.slice(1)}` : `{"${key}":${raw},"${key}":1}`, what: `repeated key ${key}, ${what}` };
    }),
    // A 1 MB string in place of a field.
    fc.constantFrom(...(keys.length > 0 ? keys : ['x'])).map((key) => ({ text: JSON.stringify({ ...(valid as object), [key]: 'x'.repeat(1024 * 1024) }), what: `${key}: 1 MB string` })),
    // Not an object at all, or not JSON at all.
    fc.constantFrom('[]', 'null', '0', '"text"', 'true', '', '{', '{"a":1,}', "{'a':1}", 'NaN', '\u0000', deepNesting(40_000, '[', ']'), deepNesting(6000, '[', ']')).map((text) => ({ text, what: `body ${text.slice(0, 12)}` })),
  );
}

/** A path parameter: a real id, anything its pattern allows, or something hostile. */
function pathValue(param: Parameter, fixture: Fixture): fc.Arbitrary<string> {
  const known = fixture[param.name] ?? [];
  return fc.oneof(
    { weight: 5, arbitrary: known.length > 0 ? fc.constantFrom(...known) : validValue(param.schema).map(String) },
    { weight: 2, arbitrary: validValue(param.schema).map((value) => encodeURIComponent(String(value))) },
    { weight: 2, arbitrary: fc.constantFrom(...BAD_PATH_VALUES) },
  );
}

function queryOf(params: Parameter[]): fc.Arbitrary<{ query: string; what: string }> {
  const documented = params.filter((p) => p.in === 'query');
  const valid = fc.tuple(...documented.map((p) => (p.required ? validValue(p.schema) : fc.option(validValue(p.schema), { nil: undefined, freq: 2 })).map((value) => [p.name, value] as const))).map((pairs) =>
    pairs.filter(([, value]) => value !== undefined).map(([name, value]) => `${name}=${encodeURIComponent(String(value))}`),
  );
  const names = [...documented.map((p) => p.name), ...INHERITED_NAMES, '__proto__[x]', 'a[b]', '', 'x'];
  const hostile = fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...BAD_QUERY_VALUES)), { minLength: 1, maxLength: 4 }).map((pairs) => pairs.map(([name, value]) => `${name}=${value}`));
  return fc.oneof(
    { weight: 3, arbitrary: valid.map((pairs) => ({ query: pairs.join('&'), what: 'query' })) },
    { weight: 2, arbitrary: fc.tuple(valid, hostile).map(([a, b]) => ({ query: [...a, ...b].join('&'), what: `query ${b.join('&').slice(0, 40)}` })) },
  );
}

/** Requests for one operation. */
function requestsFor(op: Operation, fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const path = fc.tuple(...pathParams.map((p) => pathValue(p, fixture).map((value) => [p.name, value] as const))).map((values) =>
    values.reduce((path, [name, value]) => path.replace(`{${name}}`, value), op.path),
  );
  const noBody = fc.constant<{ body: Body | undefined; contentType: string | undefined; what: string }>({ body: undefined, contentType: undefined, what: 'no body' });
  const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'Application/JSON');
  const validBody = op.body ? validValue(op.body) : fc.constant({});
  const bodies = fc.oneof(
    { weight: op.body ? 3 : 0, arbitrary: fc.tuple(validBody, jsonType).map(([value, contentType]) => ({ body: { text: JSON.stringify(value) } as Body, contentType, what: 'valid body' })) },
    { weight: 6, arbitrary: fc.tuple(validBody.chain(mutate), jsonType).map(([{ text, what }, contentType]) => ({ body: { text } as Body, contentType, what })) },
    { weight: 1, arbitrary: fc.tuple(validBody, fc.constantFrom(...CONTENT_TYPES)).map(([value, contentType]) => ({ body: { text: JSON.stringify(value) } as Body, contentType: contentType || undefined, what: `Content-Type ${contentType}` })) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), Buffer.from('{"a":"\xed\xa0\x80"}', 'latin1')).map((bytes) => ({ body: { bytes } as Body, contentType: 'application/json', what: 'not UTF-8' })) },
    { weight: op.body ? 1 : 4, arbitrary: noBody },
  );
  const auth = fc.constantFrom<FuzzRequest['auth'][]>('valid', 'valid', 'valid', 'none', 'garbage', 'malformed');
  const method = fc.oneof({ weight: 19, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS') });
  return fc.record({ path, query: queryOf(op.params), bodies, auth, method }).map(({ path, query, bodies, auth, method }) => ({
    op: op.id,
    method,
    path: query.query ? `${path}?${query.query}` : path,
    auth,
    contentType: bodies.contentType,
    body: method === 'GET' || method === 'HEAD' ? undefined : bodies.body,
    mutation: [bodies.what, query.what].join(', '),
  }));
}

/** Requests for every operation, each as likely. */
export function fuzzRequests(operations: Operation[], fixture: Fixture): fc.Arbitrary<FuzzRequest> {
  return fc.oneof(...operations.map((op) => requestsFor(op, fixture)));
}

/** What came back, and what is wrong with it if anything is. */
export interface Outcome {
  status: number;
  ms: number;
  problem: string | undefined;
}

const STATUS_OF = new Map<string, number>(ErrorCodes.map((code: ErrorCode) => [code, apiError(code).status]));

/** What is wrong with an answer, or undefined: a 5xx, an undocumented status, not the error shape, a stack trace. */
export function judge(status: number, contentType: string | null, text: string, location: string | null): string | undefined {
  if (/\bat .*\.(ts|js):\d+/.test(text)) return 'a stack trace in the answer';
  if (status >= 500) return `status ${status}`;
  if (status >= 300 && status < 400) return location ? undefined : `status ${status} without Location`;
  if (status < 400) return undefined;
  if (!contentType?.startsWith('application/json')) return `an error as ${contentType}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'an error that is not JSON';
  }
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return 'not the error shape';
  const documented = STATUS_OF.get(parsed.data.error.code);
  if (documented === undefined) return `an undocumented error code ${parsed.data.error.code}`;
  if (documented !== status) return `status ${status} for ${parsed.data.error.code}, documented as ${documented}`;
  return undefined;
}

export interface Tokens {
  /** The fixture user's access token. */
  valid(): string;
  /** Called with a valid token that was refused (the fuzz signed it out, changed its password…). */
  renew(refused: string): Promise<void>;
}

/** Sends one request and judges the answer; `deadlineMs` later without an answer is a problem too. */
export async function send(base: string, request: FuzzRequest, tokens: Tokens, deadlineMs: number): Promise<Outcome> {
  const headers: Record<string, string> = {};
  if (request.auth === 'valid') headers.Authorization = `Bearer ${tokens.valid()}`;
  else if (request.auth === 'garbage') headers.Authorization = 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.';
  else if (request.auth === 'malformed') headers.Authorization = 'Bearer a b \u00ff';
  if (request.contentType) headers['Content-Type'] = request.contentType;
  const started = performance.now();
  const attempt = () =>
    fetch(base + request.path, {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(deadlineMs),
      // Bytes, not a string: fetch would add a Content-Type of its own to a string.
      ...(request.body ? { body: new Uint8Array(request.body.bytes ?? Buffer.from(request.body.text!)) } : {}),
    });
  try {
    // A kept-alive connection the server closed as idle just as the request went out fails at once
    // ("fetch failed"); a client sends again, on a new connection. A request that breaks the
    // server, or its connection, fails the second time too.
    const res = await attempt().catch((err: unknown) => {
      if (err instanceof TypeError && performance.now() - started < deadlineMs) return attempt();
      throw err;
    });
    const text = await res.text();
    const ms = performance.now() - started;
    // The token itself refused (not a wrong password): the fuzz signed its user out, or deleted it.
    if (request.auth === 'valid' && res.status === 401 && /"code":"(unauthenticated|token_expired)"/.test(text)) await tokens.renew(headers.Authorization!.slice('Bearer '.length));
    return { status: res.status, ms, problem: judge(res.status, res.headers.get('content-type'), text, res.headers.get('location')) };
  } catch (err) {
    const ms = performance.now() - started;
    // A large body the server refused (413, Connection: close) before reading it may cut the upload short.
    if (request.body && (request.body.text?.length ?? 0) > 64 * 1024 && !(err instanceof DOMException)) return { status: 413, ms, problem: undefined };
    const cause = (err as Error).cause as Error | undefined;
    return { status: 0, ms, problem: `no answer: ${(err as Error).message}${cause ? ` (${cause.message})` : ''}` };
  }
}

/** A user of the fixture, registered through the api. */
async function register(base: string, name: string): Promise<{ id: string; accessToken: string }> {
  const res = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, email: `${name}@example.com`, password: TEST_PASSWORD }),
  });
  if (res.status !== 201) throw new Error(`registering ${name}: ${res.status} ${await res.text()}`);
  const { user, accessToken } = (await res.json()) as { user: { id: string }; accessToken: string };
  return { id: user.id, accessToken };
}

/**
 * Two users, a channel, a DM and a friend request, so that path parameters can name real things;
 * and the token of the user the requests act as, renewed with a fresh account when the fuzz
 * signed it out.
 */
export async function fuzzFixture(base: string, prefix: string): Promise<{ fixture: Fixture; tokens: Tokens }> {
  const me = await register(base, `${prefix}me`);
  const other = await register(base, `${prefix}other`);
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${base}/api/v1${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json().catch(() => ({}))) as { id?: string };
  };
  const channel = await call('POST', '/channels', me.accessToken, { name: `${prefix}channel`, access: 'public' });
  const dm = await call('POST', '/conversations/dm', me.accessToken, { userId: other.id });
  const request = await call('POST', '/friends/requests', other.accessToken, { userId: me.id });
  const ids = [channel.id, dm.id, request.id].filter((id): id is string => typeof id === 'string');
  const fixture: Fixture = { id: ids, userId: [other.id, me.id], botId: ids, tokenId: ids, banId: ids, file: ['x.webp', '01HZZZZZZZZZZZZZZZZZZZZZZZ-0123456789abcdef.webp'] };
  let token = me.accessToken;
  let renewing: Promise<void> | undefined;
  let renewed = 0;
  return {
    fixture,
    tokens: {
      valid: () => token,
      renew: (refused) =>
        refused !== token ? Promise.resolve() : (renewing ??= register(base, `${prefix}r${++renewed}`).then(
          (user) => {
            token = user.accessToken;
            renewing = undefined;
          },
          () => {
            renewing = undefined;
          },
        )),
    },
  };
}
