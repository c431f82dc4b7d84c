import type { Middleware } from 'koa';
import type { z } from 'zod';
import { fieldProblem, inertInput, readFieldProblem } from '@volley/shared';
import { apiError, type FieldErrors } from '../errors.js';
import type { AppState } from '../context.js';
import { readJsonBody } from './json-body.js';

/** What a route accepts: a schema for its path parameters, its JSON body, its query string. */
export interface RequestSchema {
  params?: z.ZodType;
  body?: z.ZodType;
  query?: z.ZodType;
  /** The body is a file's bytes, streamed by the handler (described as binary, never read as JSON here). */
  upload?: true;
}

/** Set on the middleware `validate(schema)` returns: the OpenAPI description (openapi.ts) reads it there. */
export const REQUEST_SCHEMA = Symbol('requestSchema');

/** The parsed input a handler reads from `ctx.state.input`. */
export type RequestInput<S extends RequestSchema> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/**
 * Parses the path parameters, body and query with the route's schemas into `ctx.state.input`, or
 * answers 400 with per-field messages. Each of them is made inert first (`inertInput`): objects
 * without a prototype, so a key such as `hasOwnProperty` is only data, which the schema refuses or
 * drops as it says; ill-formed text and prototype keys are refused before a schema sees them.
 */
export function validate(schema: RequestSchema): Middleware<AppState> {
  const middleware: Middleware<AppState> = async (ctx, next) => {
    const input: Record<string, unknown> = {};
    // Set by the router; a malformed id is a 400 naming it, before any query.
    if (schema.params) input.params = parse(schema.params, inert((ctx as { params?: Record<string, string> }).params ?? {}));
    if (schema.query) input.query = parse(schema.query, inert(ctx.query));
    if (schema.body) {
      const body = inert(await readJsonBody(ctx));
      // A missing body is checked as `{}`, so the answer names every required field.
      input.body = parse(schema.body, body ?? {}, body === undefined ? 'The request body is missing.' : undefined);
    }
    ctx.state.input = input;
    await next();
  };
  return Object.assign(middleware, { [REQUEST_SCHEMA]: schema });
}

function inert(value: unknown): unknown {
  const found = inertInput(value);
  if (found.ok) return found.value;
  throw apiError('validation_failed', { fields: fieldErrors([[found.path.join('.') || 'body', found.problem]]) });
}

/** Field errors keyed by what the client sent: a map without a prototype, whatever the key. */
function fieldErrors(entries: [string, string][]): FieldErrors {
  const fields: FieldErrors = Object.create(null);
  for (const [key, text] of entries) (fields[key] ??= []).push(text);
  return fields;
}

function parse(schema: z.ZodType, value: unknown, message?: string): unknown {
  const result = schema.safeParse(value, { error: (issue) => (issue.input === undefined ? 'required' : undefined) });
  if (result.success) return result.data;
  const found: [string, string][] = [];
  const key = (path: PropertyKey[]) => path.map(String).join('.');
  let rootMessage: string | undefined;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const name of issue.keys) found.push([key([...issue.path, name]), fieldProblem('unknown_field')]);
    else if (issue.path.length > 0) found.push([key(issue.path), problemOf(issue)]);
    // A body that is not an object at all has no field to point at: its issue becomes the message.
    else rootMessage ??= issue.message;
  }
  throw apiError('validation_failed', { message: message ?? rootMessage, ...(found.length > 0 ? { fields: fieldErrors(found) } : {}) });
}

const COUNTED: ReadonlySet<string> = new Set(['array', 'set']);

/**
 * The issue as a field problem (shared/src/field-problems.ts): the schema's own code when it
 * gave one, else the zod issue's kind with its bound; never zod's English.
 */
function problemOf(issue: z.core.$ZodIssue): string {
  if (readFieldProblem(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return fieldProblem(issue.origin === 'string' ? 'too_short' : COUNTED.has(issue.origin) ? 'too_few' : 'too_small', issue.minimum);
    case 'too_big':
      return fieldProblem(issue.origin === 'string' ? 'too_long' : COUNTED.has(issue.origin) ? 'too_many' : 'too_big', issue.maximum);
    case 'invalid_format':
      return fieldProblem(issue.format === 'email' ? 'email_format' : 'invalid');
    default:
      return fieldProblem('invalid');
  }
}
