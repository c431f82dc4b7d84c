/**
 * `npm run crash -w bench -- [--mode embedded|scale-out] [--kills 12] [--rate 100] [--source]`: kill -9 under
 * load, restart, and per kill: accepted sends, missing, duplicated, disagreeing with the history,
 * undecided ops, and how long after the restart everything held.
 * embedded: PGlite, or PostgreSQL/Redis when DATABASE_URL/REDIS_URL are set. scale-out: needs both.
 * Runs the built servers (`npm run build` first), or with --source their sources through tsx.
 */
import { parseArgs } from 'node:util';
import { crashDrill } from './lib/crash-drill.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'embedded' },
    kills: { type: 'string', default: '12' },
    rate: { type: 'string', default: '100' },
    users: { type: 'string', default: '10' },
    source: { type: 'boolean', default: false },
  },
});
const mode = values.mode === 'scale-out' ? 'scale-out' : 'embedded';
const started = Date.now();
const reports = await crashDrill({
  mode,
  kills: Number(values.kills),
  rate: Number(values.rate),
  users: Number(values.users),
  runMs: [3000, 10_000],
  built: !values.source,
  databaseUrl: process.env.DATABASE_URL,
  redisUrl: process.env.REDIS_URL,
  log: (line) => console.log(line),
});
const slowest = (pick: (r: (typeof reports)[number]) => number | null) => {
  const worst = Math.max(...reports.map((r) => pick(r) ?? Infinity));
  return worst === Infinity ? 'never' : `${worst} ms`;
};
const lost = reports.reduce((n, r) => n + r.missing + r.duplicated + r.disagreeing + r.undecided, 0);
console.log(
  `${mode}${process.env.DATABASE_URL ? ` (PostgreSQL${process.env.REDIS_URL ? ' + Redis)' : ')'}` : ' (PGlite)'}: ${reports.length} kills in ${Math.round((Date.now() - started) / 1000)} s, ` +
    `${reports.at(-1)?.accepted ?? 0} sends accepted, ${lost} left wrong; slowest after a restart: documents ${slowest((r) => r.documentsMs)}, every op decided ${slowest((r) => r.decidedMs)}`,
);
process.exit(lost === 0 && reports.every((r) => r.convergedMs !== null && r.convergedMs <= 5000) ? 0 : 1);
