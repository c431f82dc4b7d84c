import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '@volley/shared';
import { startTestApi, type TestApi } from '../../testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

describe('GET /healthz', () => {
  it('is ok while the database answers', async () => {
    const res = await t.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers 503 once the api is closing, so balancers stop sending traffic', async () => {
    await t.api.close();
    const res = await t.request('/healthz');
    expect(res.status).toBe(503);
    expect(ErrorBody.parse(await res.json()).error.code).toBe('unavailable');
  });
});
