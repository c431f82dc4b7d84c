/**
 * The api will not serve a route that forgot to say what it touches, nor one matched without
 * regard to case; and a path in another case is an unknown route, whatever guard its prefix has.
 */
import { Router } from '@koa/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Credentials } from '@volley/core';
import { ErrorBody } from '@volley/shared';
import { as, signUp, startTestApi, type TestApi } from '../api.testing.js';
import { auth } from '../middleware/auth.js';
import { touches } from '../middleware/touches.js';
import { assertRoutesDeclared, newRouter } from './routes-declared.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

/** A router as `apiRoutes` builds one: resources nested under `/api/v1`. */
function api(resource: Router): Router {
  const v1 = newRouter({ prefix: '/api/v1' });
  v1.use(resource.routes());
  const root = newRouter();
  root.use(v1.routes());
  return root;
}

describe('the routes the api serves', () => {
  it('refuses to start with an authenticated route that declares nothing it touches', () => {
    const credentials = new Credentials(t.deps.tokens, t.deps.db);
    const resource = newRouter();
    resource.get('/declared', auth(credentials), touches.account, (ctx) => (ctx.body = {}));
    resource.post('/forgotten', auth(credentials), (ctx) => (ctx.body = {}));
    expect(() => assertRoutesDeclared(api(resource))).toThrow(/POST \/api\/v1\/forgotten: authenticated, but declares nothing it touches/);
  });

  it('refuses to start with a route matched without regard to case', () => {
    const credentials = new Credentials(t.deps.tokens, t.deps.db);
    const resource = new Router();
    resource.get('/anycase', auth(credentials), touches.account, (ctx) => (ctx.body = {}));
    expect(() => assertRoutesDeclared(api(resource))).toThrow(/\/api\/v1\/anycase: matched without regard to case/);
  });

  it('starts with every route of its own declared (the api under test started)', async () => {
    expect((await t.request('/api/v1/openapi.json')).status).toBe(200);
  });

  it('answers a path in another case as an unknown route, in the error shape, past no guard', async () => {
    const admin = await signUp(t);
    await t.deps.db('users').where({ id: admin.user.id }).update({ role: 'admin' });
    for (const [method, path, who] of [
      ['GET', '/api/v1/ADMIN/users', undefined],
      ['GET', '/api/v1/Admin/bans', admin],
      ['POST', '/api/v1/ADMIN/sticker-packs', admin],
      ['GET', '/api/v1/ME', admin],
    ] as const) {
      const res = who ? await as(t, who)(method, path, method === 'POST' ? { name: 'pack' } : undefined) : await t.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(ErrorBody.parse(await res.json()).error.code).toBe('not_found');
    }
    // The same routes in their own case are served.
    expect((await as(t, admin)('GET', '/api/v1/admin/users')).status).toBe(200);
  });
});
