/**
 * The api's schema-aware fuzz at volume: requests generated from the served OpenAPI document (every
 * operation; valid bodies, queries and path parameters and their hostile mutations; with and
 * without a token; api/src/fuzz.testing.ts, as in api/src/fuzz.test.ts) against the embedded
 * server, by `--concurrency` clients at once. Prints the count per status and per operation, and
 * every problem: a 5xx, an answer outside the documented statuses and error shape, an answer slower
 * than `--slow` ms, no answer. Exits 1 if there was any. On PGlite by default; on PostgreSQL + Redis
 * with DATABASE_URL and REDIS_URL set.
 *
 *   npm run build && npm run api-fuzz -w bench -- [--requests 100000] [--concurrency 8] [--seed 1] [--slow 1000]
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fuzzFixture, fuzzRequests, operationsOf, send, type FuzzRequest } from '../api/src/fuzz.testing.js';
import { startVolley } from './lib/servers.js';
import { ms, summarize } from './lib/stats.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string', default: '1' },
    slow: { type: 'string', default: '1000' },
  },
});
const total = Number(values.requests);
const slowMs = Number(values.slow);
const seed = Number(values.seed);
const BATCH = 500;

const server = await startVolley(18472);
const base = server.apiUrl!.replace(/\/api\/v1$/, '');
let failed = false;
try {
  const operations = operationsOf(await (await fetch(`${server.apiUrl}/openapi.json`)).json());
  const { fixture, tokens } = await fuzzFixture(base, `fz${Date.now() % 100_000}_`);
  const requests = fuzzRequests(operations, fixture);
  const byStatus = new Map<number, number>();
  const byOperation = new Map<string, Map<number, number>>();
  const problems = new Map<string, { count: number; example: string }>();
  const times: number[] = [];
  let slow = 0;
  let sent = 0;
  let done = 0;
  let batch: FuzzRequest[] = [];
  let batchIndex = 0;
  const next = (): FuzzRequest | undefined => {
    if (sent >= total) return undefined;
    if (batch.length === 0) batch = fc.sample(requests, { seed: seed * 1_000_003 + batchIndex++, numRuns: BATCH });
    sent += 1;
    return batch.pop();
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(values.concurrency) }, async () => {
      for (let request = next(); request; request = next()) {
        const outcome = await send(base, request, tokens, 10_000);
        times.push(outcome.ms);
        byStatus.set(outcome.status, (byStatus.get(outcome.status) ?? 0) + 1);
        const statuses = byOperation.get(request.op) ?? new Map<number, number>();
        byOperation.set(request.op, statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1));
        if (outcome.ms > slowMs) slow += 1;
        const problem = outcome.problem ?? (outcome.ms > slowMs ? `slower than ${slowMs} ms` : undefined);
        if (problem) {
          const key = `${request.op}: ${problem}`;
          const seen = problems.get(key) ?? { count: 0, example: `${request.method} ${request.path.slice(0, 160)} (${request.mutation.slice(0, 120)}) → ${outcome.status} in ${Math.round(outcome.ms)} ms` };
          problems.set(key, { ...seen, count: seen.count + 1 });
        }
        if (++done % 10_000 === 0) console.log(`${done} requests…`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const healthy = (await fetch(`${base}/healthz`)).status === 200;
  const stats = summarize(times);

  console.log(`\n${total} requests over ${operations.length} operations in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s, ${values.concurrency} at once), seed ${seed}, ${process.env.DATABASE_URL ? 'PostgreSQL + Redis' : 'PGlite + in-process bus'}`);
  console.log(`latency p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)}, max ${ms(stats.max)}; slower than ${slowMs} ms: ${slow}`);
  console.log(`per status: ${[...byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${status}: ${count}`).join(', ')}`);
  console.log('\nper operation:');
  for (const [op, statuses] of [...byOperation].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${op.padEnd(58)} ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`);
  }
  const fiveHundreds = [...byStatus].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0);
  const undocumented = [...problems].filter(([key]) => !/slower than|no answer|status 5\d\d/.test(key)).reduce((sum, [, { count }]) => sum + count, 0);
  console.log(`\n5xx: ${fiveHundreds}; undocumented answers: ${undocumented}; no answer: ${byStatus.get(0) ?? 0}; slow: ${slow}; still answering /healthz: ${healthy}`);
  for (const [key, { count, example }] of problems) console.log(`  ${count}× ${key}\n     e.g. ${example}`);
  failed = problems.size > 0 || !healthy;
} finally {
  await server.stop();
}
process.exit(failed ? 1 : 0);
