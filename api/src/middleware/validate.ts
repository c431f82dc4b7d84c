import type { Middleware } from 'koa';
import { z } from 'zod';
import { apiError, type FieldErrors } from '../errors.js';
import type { AppState } from '../context.js';
import { readJsonBody } from './json-body.js';

/** What a route accepts: a schema for its JSON body, its query string, or both. */
export interface RequestSchema {
  body?: z.ZodType;
  query?: z.ZodType;
}

/** The parsed input a handler reads from `ctx.state.input`. */
export type RequestInput<S extends RequestSchema> = { [K in keyof S]: S[K] extends z.ZodType ? z.output<S[K]> : never };

/** Parses the body and query with the route's schemas into `ctx.state.input`, or answers 400 with per-field messages. */
export function validate(schema: RequestSchema): Middleware<AppState> {
  return async (ctx, next) => {
    const input: Record<string, unknown> = {};
    if (schema.query) input.query = parse(schema.query, { ...ctx.query });
    if (schema.body) {
      const body = await readJsonBody(ctx);
      // A missing body is checked as `{}`, so the answer names every required field.
      input.body = parse(schema.body, body ?? {}, body === undefined ? 'The request body is missing.' : undefined);
    }
    ctx.state.input = input;
    await next();
  };
}

function parse(schema: z.ZodType, value: unknown, message?: string): unknown {
  const result = schema.safeParse(value, { error: (issue) => (issue.input === undefined ? 'required' : undefined) });
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  const add = (path: PropertyKey[], text: string) => {
    const key = path.map(String).join('.');
    (fields[key] ??= []).push(text);
  };
  let rootMessage: string | undefined;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) add([...issue.path, key], 'unknown field');
    else if (issue.path.length > 0) add(issue.path, issue.message);
    // A body that is not an object at all has no field to point at: its issue becomes the message.
    else rootMessage ??= issue.message;
  }
  const hasFields = Object.keys(fields).length > 0;
  throw apiError('validation_failed', { message: message ?? rootMessage, ...(hasFields ? { fields } : {}) });
}
