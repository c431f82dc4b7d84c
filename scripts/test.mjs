// `npm test`: lints and checks the import graph (and stops there on a finding), builds, runs the Node
// suites (vitest) and the end-to-end specs (Playwright + Chromium), then prints one plain summary
// line: "N passed, N failed".
// With DATABASE_URL/REDIS_URL set, the Node suites run twice, side by side: on PostgreSQL + Redis, and on
// the embedded default (PGlite + in-process bus) that `npm start` uses.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';

const REPORTS = 'test-reports';
const baseEnv = { ...process.env, CI: process.env.CI ?? 'true' };
const run = (cmd, args, env = baseEnv) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

/** The failed tests by name, then the summary line; exits. */
function finish() {
  if (failures.length > 0) console.log(`\nFailed:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

/** Playwright's JSON report nests suites (files, describes); a test failed when its last result is not what was expected. */
function playwrightFailures(report) {
  const walk = (suite, path) =>
    [
      ...(suite.specs ?? []).flatMap((spec) =>
        spec.tests.filter((t) => t.status === 'unexpected' || t.status === 'flaky').map((t) => `${[...path, spec.title].join(' › ')} (${t.projectName}${t.status === 'flaky' ? ', flaky' : ''})`),
      ),
      ...(suite.suites ?? []).flatMap((child) => walk(child, [...path, child.title])),
    ];
  return (report.suites ?? []).flatMap((suite) => walk(suite, [suite.title]));
}

rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
/** The failed tests' names, printed again just above the summary line, where a log's tail shows them. */
const failures = [];
function count(name, status, report, pick, failedNames = () => []) {
  const { passed, failed, skipped } = report ? pick(report) : { passed: 0, failed: 0, skipped: 0 };
  if (report) failures.push(...failedNames(report).map((test) => `${name}: ${test}`));
  totals.passed += passed;
  totals.skipped += skipped;
  // A runner that died before writing its report, or failed outside any test, counts as a failure.
  totals.failed += failed + (status !== 0 && failed === 0 ? 1 : 0);
  if (status !== 0) console.log(`\n${name}: failed (exit ${status})`);
}

// Lint and the import graph first: they take seconds, and a finding stops the run before the
// ten-minute suites. The graph check: no import cycle in any package, type-only imports included,
// and imports between packages flow one way (.dependency-cruiser.mjs, docs/architecture.md §8).
const lint = run('npm', ['run', 'lint']);
count('lint', lint, null, () => null);
const cycles = run('npm', ['run', 'check:cycles']);
count('import graph', cycles, null, () => null);
if (lint !== 0 || cycles !== 0) finish();

const build = run('npm', ['run', 'build']);
count('build', build, null, () => null);
// Vitest strips types without checking them: the tests and specs are checked here.
count('typecheck', run('npx', ['tsc', '-p', 'tsconfig.check.json']), null, () => null);
// The PWA is bundled by Vite, which does not check types either.
count('typecheck (pwa)', run('npm', ['run', 'typecheck', '-w', 'pwa']), null, () => null);
if (build === 0) {
  const vitest = (r) => ({ passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests });
  const modes = [['unit', baseEnv]];
  if (process.env.DATABASE_URL || process.env.REDIS_URL) {
    const { DATABASE_URL: _d, REDIS_URL: _r, ...embedded } = baseEnv;
    modes.push(['unit-embedded', embedded]);
  }
  // The modes run side by side, two test files at a time each (vitest would give each one worker on
  // a 2-core machine): most tests wait on sockets, timers and child processes, and four files at once
  // took the Node suites from 25 to 15 minutes. Each mode's output is kept in a file and printed when it ends.
  const results = await Promise.all(
    modes.map(([name, env]) => {
      const file = `${REPORTS}/${name}.json`;
      const log = `${REPORTS}/${name}.log`;
      const out = openSync(log, 'w');
      const child = spawn('npx', ['vitest', 'run', '--maxWorkers=2', '--outputFile.json', file], { stdio: ['ignore', out, out], env });
      return new Promise((resolve) => child.on('close', (code) => resolve({ name, file, log, status: code ?? 1 })));
    }),
  );
  for (const { name, file, log, status } of results) {
    console.log(`\n=== vitest (${name}) ===\n${readFileSync(log, 'utf8')}`);
    count(`vitest (${name})`, status, read(file), vitest, (r) =>
      r.testResults.flatMap((f) =>
        f.assertionResults.filter((t) => t.status === 'failed').map((t) => `${f.name.replace(`${process.cwd()}/`, '')} › ${t.fullName}`),
      ),
    );
  }
  const status = run('npx', ['playwright', 'test']);
  count('playwright', status, read(`${REPORTS}/e2e.json`), (r) => ({
    passed: r.stats.expected,
    failed: r.stats.unexpected + r.stats.flaky,
    skipped: r.stats.skipped,
  }), playwrightFailures);
}

finish();
