import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, registerUsers, volleyClient } from '../../bench/lib/clients.js';
import { startTestVolley, type TestVolley } from './server.testing.js';

describe('/metrics', () => {
  let volley: TestVolley;
  let metricsUrl: string;
  beforeAll(async () => {
    volley = await startTestVolley({ METRICS_PORT: '0' });
    metricsUrl = `http://127.0.0.1:${volley.metricsPort}/metrics`;
  });
  afterAll(() => volley?.close());

  /** One sample's value, summed over the series matching every given label. */
  async function sample(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await fetch(metricsUrl)).text();
    const lines = text.split('\n').filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
    const matching = lines.filter((line) => Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)));
    return matching.reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
  }

  it('counts requests by route, open sockets, rooms, messages, batches and the event loop, in Prometheus’ format', async () => {
    const apiUrl = `${volley.url}/api/v1`;
    const users = await registerUsers(apiUrl, 2, `metrics${randomBytes(3).toString('hex')}_`);
    const convId = await channelOf(apiUrl, users, `metrics-${randomBytes(3).toString('hex')}`);
    const sentBefore = await sample('volley_messages_total');
    const client = volleyClient({ name: 'volley', syncUrl: volley.wsUrl, pid: process.pid, stop: async () => {} }, users[0]!, convId);
    await client.synced;
    client.send('counted');

    await vi.waitFor(async () => expect(await sample('volley_messages_total')).toBe(sentBefore + 1), { timeout: 10_000 });
    expect(await sample('volley_http_requests_total', { route: '/api/v1/auth/register', method: 'POST', status: '201' })).toBeGreaterThanOrEqual(2);
    expect(await sample('volley_http_request_duration_seconds_count', { route: '/api/v1/auth/register' })).toBeGreaterThanOrEqual(2);
    expect(await sample('volley_sockets_open', { socket: 'sync' })).toBeGreaterThanOrEqual(2);
    expect(await sample('volley_rooms_loaded', { kind: 'user' })).toBeGreaterThanOrEqual(1);
    expect(await sample('volley_ops_total', { op: 'send', outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(await sample('volley_outbox_lag_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(await sample('volley_persistence_batch_rows_count')).toBeGreaterThanOrEqual(1);
    expect(await sample('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    if (process.env.DATABASE_URL) expect(await sample('volley_db_pool_connections', { state: 'free' }) + (await sample('volley_db_pool_connections', { state: 'used' }))).toBeGreaterThan(0);
    client.destroy();
  });

  it('is not served on the public port', async () => {
    const res = await fetch(`${volley.url}/metrics`, { headers: { accept: 'text/plain' } });
    expect(await res.text()).not.toContain('volley_http_requests_total');
  });
});
