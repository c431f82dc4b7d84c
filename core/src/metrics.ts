/**
 * The process's Prometheus metrics (prom-client), defined once: each part records into these, and
 * `/metrics` on METRICS_PORT (never the public port) exposes them with Node's own (event-loop
 * delay, heap, GC). docs/operations.md lists them; deploy/grafana-dashboard.json charts them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import client from 'prom-client';
import type { Config } from './config.js';
import type { Db } from './db/connect.js';

export const registry = new client.Registry();

/**
 * How often the event-loop delay is sampled (`nodejs_eventloop_lag_*`): a timer that fires this
 * often in every process, idle or not. prom-client's 10 ms woke an idle server 100 times a second
 * (3.5–4 ms of CPU a second, most of what an idle server spent); at 50 ms, 1 ms. The histogram
 * holds the time between samples: its min is about 50 ms, and a stall is what a percentile has beyond
 * it (docs/operations.md, the dashboard's panel).
 */
const EVENT_LOOP_SAMPLED_EVERY_MS = 50;
client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLED_EVERY_MS });

/** Live values read at scrape time (open sockets, loaded rooms, pool use), summed over their sources. */
const sources = new Map<string, Set<() => number>>();
const sourceKey = (metric: string, label: string) => `${metric}\u0000${label}`;

function liveGauge(name: string, help: string, labelName: string): client.Gauge {
  return new client.Gauge({
    name,
    help,
    labelNames: [labelName],
    registers: [registry],
    collect() {
      this.reset();
      for (const [key, reads] of sources) {
        const [metric, label] = key.split('\u0000') as [string, string];
        if (metric !== name) continue;
        this.set({ [labelName]: label }, [...reads].reduce((sum, read) => sum + read(), 0));
      }
    },
  });
}

const seconds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metrics = {
  httpRequests: new client.Counter({ name: 'volley_http_requests_total', help: 'HTTP requests answered, by route', labelNames: ['method', 'route', 'status'], registers: [registry] }),
  httpDuration: new client.Histogram({ name: 'volley_http_request_duration_seconds', help: 'HTTP request latency, by route', labelNames: ['method', 'route'], buckets: seconds, registers: [registry] }),
  sockets: liveGauge('volley_sockets_open', 'Open WebSockets, by socket (sync, game)', 'socket'),
  rooms: liveGauge('volley_rooms_loaded', 'Sync rooms loaded in this process, by kind (user, conv)', 'kind'),
  dbPool: liveGauge('volley_db_pool_connections', 'Database pool connections, by state (used, free, pending acquires)', 'state'),
  messages: new client.Counter({ name: 'volley_messages_total', help: 'Messages accepted (sends)', registers: [registry] }),
  ops: new client.Counter({ name: 'volley_ops_total', help: 'Outbox ops decided, by op and outcome', labelNames: ['op', 'outcome'], registers: [registry] }),
  outboxLag: new client.Histogram({ name: 'volley_outbox_lag_seconds', help: 'From a user’s outbox change reaching this process to its op being decided', buckets: seconds, registers: [registry] }),
  persistenceBatch: new client.Histogram({ name: 'volley_persistence_batch_rows', help: 'Room updates written per INSERT (group commit)', buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], registers: [registry] }),
  updateLogStatements: new client.Counter({ name: 'volley_update_log_statements_total', help: 'Statements of the update log’s group commit (appends and plain sends together)', registers: [registry] }),
  builtSends: new client.Counter({ name: 'volley_built_sends_total', help: 'Plain sends whose segment update was built ahead, by whether it was stored with the message (stored) or not (dropped)', labelNames: ['outcome'], registers: [registry] }),
  busPublish: new client.Histogram({ name: 'volley_bus_publish_seconds', help: 'Time a publish through Redis takes to be accepted (bus lag)', buckets: seconds, registers: [registry] }),
  dbFailoverRetries: new client.Counter({ name: 'volley_db_failover_retries_total', help: 'Database work done again after a failover-class error (connection lost or refused, server shutting down, read-only transaction)', registers: [registry] }),
  busReconnects: new client.Counter({ name: 'volley_bus_reconnects_total', help: 'Reconnections of the Redis bus, by connection (pub, sub): a Redis restart or a Sentinel failover', labelNames: ['connection'], registers: [registry] }),
  gamesHostLost: new client.Counter({ name: 'volley_games_host_lost_total', help: 'Games ended because the api process simulating them died (recorded by this process)', registers: [registry] }),
  gameTickCpu: new client.Counter({ name: 'volley_game_tick_cpu_seconds_total', help: 'CPU time this process spent simulating and sending game ticks (the games themselves)', registers: [registry] }),
  gameTickJitter: new client.Histogram({ name: 'volley_game_tick_jitter_seconds', help: 'Lateness of each game tick against its 60 Hz schedule', buckets: [0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.033, 0.066, 0.1], registers: [registry] }),
};

/** Adds a live source to a gauge of `metrics` (e.g. a server's open sockets); the returned function removes it. */
export function measure(gauge: client.Gauge, label: string, read: () => number): () => void {
  const name = (gauge as unknown as { name: string }).name;
  const key = sourceKey(name, label);
  const reads = sources.get(key) ?? sources.set(key, new Set()).get(key)!;
  reads.add(read);
  return () => void reads.delete(read);
}

/** The knex pool's use, while the database is open (PGlite has no pool). */
function measurePool(db: Db): () => void {
  const pool = (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  if (!pool) return () => {};
  const removers = [measure(metrics.dbPool, 'used', () => pool.numUsed()), measure(metrics.dbPool, 'free', () => pool.numFree()), measure(metrics.dbPool, 'pending', () => pool.numPendingAcquires())];
  return () => removers.forEach((remove) => remove());
}

/**
 * `/metrics` on METRICS_PORT, kept off the public port (and so off the proxy), with the database
 * pool measured; nothing when METRICS_PORT is unset. `close` stops both.
 */
export async function serveMetrics(config: Pick<Config, 'metrics'>, db: Db): Promise<{ port: number | undefined; close(): Promise<void> }> {
  if (!config.metrics) return { port: undefined, close: async () => {} };
  const unmeasure = measurePool(db);
  const server = await metricsServer(config.metrics.port, config.metrics.host);
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      unmeasure();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function metricsServer(port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  // A port already taken fails the start with its error, rather than crash the process later.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
