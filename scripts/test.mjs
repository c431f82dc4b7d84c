// `npm test`: builds, runs the unit/integration suite (vitest) and the end-to-end specs
// (Playwright + Chromium), then prints one plain summary line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, CI: process.env.CI ?? 'true' };
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;

rmSync('test-reports', { recursive: true, force: true });
mkdirSync('test-reports', { recursive: true });

if (run('npm', ['run', 'build']) !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const unitStatus = run('npx', ['vitest', 'run']);
const e2eStatus = run('npx', ['playwright', 'test']);

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const unit = read('test-reports/unit.json');
const e2e = read('test-reports/e2e.json');
let passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0);
let failed = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (e2e?.stats?.flaky ?? 0);
// A runner that died before writing its report counts as a failure, never as silence.
if (!unit || (unitStatus !== 0 && unit.numFailedTests === 0)) failed += 1;
if (!e2e || (e2eStatus !== 0 && e2e.stats.unexpected === 0)) failed += 1;
const skipped = (unit?.numPendingTests ?? 0) + (e2e?.stats?.skipped ?? 0);

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
