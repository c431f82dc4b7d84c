/**
 * The machine-readable description of the api (docs/protocol.md, "HTTP API"): OpenAPI 3.1,
 * generated from the router itself. Every route is a path; a route's `validate(schema)` gives its
 * body, query and path parameters as JSON Schema (zod's own `z.toJSONSchema`, draft 2020-12, the
 * dialect of OpenAPI 3.1), `auth()` its bearer security and its declaration what it touches
 * (`x-touches`). Nothing is written twice.
 */
import type { Router } from '@koa/router';
import { z } from 'zod';
import { ErrorBody } from '@volley/shared';
import { REQUEST_SCHEMA, type RequestSchema } from './middleware/validate.js';
import { routeFacts } from './routes/routes-declared.js';

type Described = { [REQUEST_SCHEMA]?: RequestSchema };
type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** `/conversations/:id` → `/conversations/{id}`. */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query', pathParams: string[]): unknown[] {
  const properties = (schema ? (jsonSchema(schema).properties as Record<string, JsonSchema> | undefined) : undefined) ?? {};
  const required = new Set(schema ? ((jsonSchema(schema).required as string[] | undefined) ?? []) : []);
  const names = where === 'path' ? pathParams : Object.keys(properties);
  return names.map((name) => ({ name, in: where, required: where === 'path' || required.has(name), schema: properties[name] ?? { type: 'string' } }));
}

/** The OpenAPI 3.1 document of every route of `router`. */
export function openApiDocument<State, Context>(router: Router<State, Context>, version: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const layer of router.stack) {
    if (typeof layer.path !== 'string' || layer.methods.length === 0) continue;
    const stack = layer.stack as Described[];
    const request = stack.find((m) => m[REQUEST_SCHEMA])?.[REQUEST_SCHEMA] ?? {};
    const { authenticated, touches } = routeFacts(router, layer);
    const pathParams = layer.paramNames.map((key) => String(key.name));
    for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
      (paths[openApiPath(layer.path)] ??= {})[method.toLowerCase()] = {
        operationId: `${method.toLowerCase()} ${layer.path}`,
        parameters: [...parameters(request.params, 'path', pathParams), ...parameters(request.query, 'query', [])],
        ...(request.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(request.body) } } } } : {}),
        ...(request.upload ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } } } } : {}),
        ...(authenticated ? { security: [{ bearer: [] }] } : {}),
        // What the route touches (api/src/middleware/touches.ts): what a token's scope is checked against.
        'x-touches': touches,
        responses: {
          '2XX': { description: 'Success' },
          default: { description: 'An error, in the one error shape', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Volley API', version },
    paths,
    components: {
      schemas: { Error: jsonSchema(ErrorBody) },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An access token (JWT) or a bot token (vbt_<id>_<secret>).' } },
    },
  };
}
