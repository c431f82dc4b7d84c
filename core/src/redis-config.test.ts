import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'volley-redis-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const load = (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32), ...env });

describe('where Redis is: a URL, a primary behind Sentinel, or a cluster', () => {
  it('reads REDIS_SENTINELS and REDIS_SENTINEL_NAME as the sentinels to ask for the named primary', () => {
    expect(load({ REDIS_SENTINELS: 'sentinel-1:26379, 10.0.0.2:26380,[::1]:26381', REDIS_SENTINEL_NAME: 'bus' }).redis).toEqual({
      sentinels: [{ host: 'sentinel-1', port: 26379 }, { host: '10.0.0.2', port: 26380 }, { host: '::1', port: 26381 }],
      name: 'bus',
    });
    expect(load({ REDIS_SENTINELS: 'sentinel-1:26379' }).redis).toEqual({ sentinels: [{ host: 'sentinel-1', port: 26379 }], name: 'volley' });
    expect(load({ REDIS_URL: 'redis://redis:6379' }).redis).toBe('redis://redis:6379');
    expect(load({ REDIS_CLUSTER_NODES: 'redis-1:6379,redis-2:6379' }).redis).toEqual({ cluster: [{ host: 'redis-1', port: 6379 }, { host: 'redis-2', port: 6379 }] });
    expect(load({}).redis).toBeUndefined();
  });

  it('takes an empty variable as unset: the cluster compose file turns its sentinels off that way for a Redis Cluster', () => {
    expect(load({ REDIS_SENTINELS: '', REDIS_CLUSTER_NODES: 'redis-node-1:6379' }).redis).toEqual({ cluster: [{ host: 'redis-node-1', port: 6379 }] });
    expect(load({ REDIS_URL: '', REDIS_SENTINELS: 'sentinel-1:26379', REDIS_CLUSTER_NODES: '' }).redis).toEqual({ sentinels: [{ host: 'sentinel-1', port: 26379 }], name: 'volley' });
  });

  it('refuses sentinels or cluster nodes that are not host:port, and more than one way to Redis', () => {
    expect(() => load({ REDIS_SENTINELS: 'sentinel-1' })).toThrow(/REDIS_SENTINELS: host:port/);
    expect(() => load({ REDIS_SENTINELS: 'sentinel-1:99999' })).toThrow(/REDIS_SENTINELS/);
    expect(() => load({ REDIS_SENTINELS: ',' })).toThrow(/REDIS_SENTINELS/);
    expect(() => load({ REDIS_SENTINELS: 'a:1', REDIS_URL: 'redis://redis:6379' })).toThrow(/not REDIS_URL and REDIS_SENTINELS/);
    expect(() => load({ REDIS_CLUSTER_NODES: 'redis-1' })).toThrow(/REDIS_CLUSTER_NODES: host:port/);
    expect(() => load({ REDIS_CLUSTER_NODES: 'a:1', REDIS_SENTINELS: 'b:2' })).toThrow(/not REDIS_SENTINELS and REDIS_CLUSTER_NODES/);
    expect(() => load({ REDIS_SENTINELS: 'a:1', REDIS_SENTINEL_NAME: 'my master' })).toThrow(/REDIS_SENTINEL_NAME/);
  });
});
