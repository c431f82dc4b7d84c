import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@volley/shared';
import { startTestApi, type TestApi } from '../../api.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

describe('GET /healthz and /readyz', () => {
  it('are ok while the database (and Redis when configured) answers and the schema is migrated', async () => {
    expect(await (await t.request('/healthz')).json()).toEqual({ status: 'ok' });
    const res = await t.request('/readyz');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ status: 'ready', checks: { stopping: 'ok', database: 'ok', migrations: 'ok' } });
    if (process.env.REDIS_URL) expect(body.checks.redis).toBe('ok');
  });

  it('answer ready 503 once the api is closing, so balancers stop sending traffic, while alive stays 200', async () => {
    await t.api.close();
    const res = await t.request('/readyz');
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(ErrorBody.parse(body).error.code).toBe('unavailable');
    expect(body.error.checks.stopping).toBe('shutting down');
    expect((await t.request('/healthz')).status).toBe(200);
  });
});
