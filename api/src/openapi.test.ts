import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

type Operation = { parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; security?: unknown[] };
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

describe('GET /api/v1/openapi.json', () => {
  it('describes every route the api answers, with its method', async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Document;
    expect(doc.openapi).toBe('3.1.0');
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const routes = registered(t);
    expect(routes.length).toBeGreaterThan(50);
    expect(described.sort()).toEqual(routes.sort());
  });

  it('carries the request schemas the routes validate with, and which routes take a token', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as Document;
    const createToken = doc.paths['/api/v1/bots/{botId}/tokens']!.post!;
    expect(createToken.parameters).toContainEqual(expect.objectContaining({ name: 'botId', in: 'path' }));
    expect(createToken.requestBody!.content['application/json']!.schema).toMatchObject({ required: ['name', 'scope'], properties: { scope: { properties: { access: { enum: ['read', 'read_write'] } } } } });
    expect(createToken.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/auth/login']!.post!.security).toBeUndefined();
    expect(doc.paths['/api/v1/users']!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'q', in: 'query' }));
  });
});

/** `METHOD /path/{param}` of every route on the api's router, read from the router itself. */
function registered(t: TestApi): string[] {
  const router = (t.api.app.middleware as { router?: { stack: { path: unknown; methods: string[] }[] } }[]).find((m) => m.router)!.router!;
  return router.stack
    .filter((layer) => typeof layer.path === 'string' && layer.methods.length > 0)
    .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${(layer.path as string).replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
}
