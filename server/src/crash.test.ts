import { describe, expect, it } from 'vitest';
import { crashDrill } from '../../bench/lib/crash-drill.js';

// Fewer kills and a gentler rate than `npm run crash -w bench` (12 kills at 100 sends/s): the
// suite shares the machine. PostgreSQL + Redis when their URLs are set, PGlite otherwise.
describe('kill -9 of the embedded server under load', () => {
  it('keeps every accepted message in its segment exactly once within 5 s of each restart, and decides every queued op', async () => {
    const reports = await crashDrill({
      mode: 'embedded',
      kills: 3,
      rate: 25,
      users: 5,
      runMs: [1000, 2500],
      patienceMs: 15_000,
      databaseUrl: process.env.DATABASE_URL,
      redisUrl: process.env.REDIS_URL,
      // biome-ignore lint/suspicious/noConsole: each kill's timings are the drill's record in the CI log.
      log: (line) => console.log(line),
    });
    expect(reports).toHaveLength(3);
    for (const report of reports) {
      expect(report, `kill ${report.kill}`).toMatchObject({ missing: 0, duplicated: 0, disagreeing: 0, undecided: 0 });
      expect(report.documentsMs, `kill ${report.kill}`).not.toBeNull();
      expect(report.documentsMs!, `kill ${report.kill}`).toBeLessThanOrEqual(5000);
      // The ops queued while the server was down wait for the stock client's reconnection
      // back-off (up to 2.5 s) and then for the outbox processor: on a busy machine that can take
      // longer than 5 s; `npm run crash -w bench` measures it.
      expect(report.decidedMs, `kill ${report.kill}`).not.toBeNull();
    }
  }, 150_000);
});
