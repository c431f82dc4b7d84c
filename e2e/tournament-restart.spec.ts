/**
 * A tournament's server killed with -9 between two rounds, in Chromium: the spec runs a server of
 * its own (the built `server`, embedded) on E2E_PORT + 5, so that it can kill and start it again on
 * the same data. Embedded whatever the suite runs on: on Redis a game's host holds a lease of 3 s
 * (docs/operations.md), which a freshly started server beside the suite's browsers can stall past,
 * calling a game off; the restart on PostgreSQL + Redis is server/src/tournament-restart.test.ts's.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { kill, proc, type Proc } from '../bench/lib/processes.js';
import { E2E_PORT, fullTournament, newUser, playMyMatch, register } from './support.js';

const port = E2E_PORT + 5;
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = mkdtempSync(join(tmpdir(), 'volley-e2e-restart-'));
let server: Proc;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // Embedded: the suite's DATABASE_URL and REDIS_URL left out.
  const env = { DATA_DIR: dataDir, JWT_SECRET: randomBytes(32).toString('hex'), PUBLIC_URL: baseURL, DATABASE_URL: undefined, REDIS_URL: undefined };
  server = proc('server', true, env, port);
  await server.start();
});

test.afterAll(async () => {
  if (server?.child) await kill(server, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** What a page shows of the bracket, the same for every viewer: each match's state, game, and players and scores once decided. */
const bracketOf = (page: Page) =>
  page.getByTestId('bracket-match').evaluateAll((matches) =>
    matches.map((m) => {
      const status = m.getAttribute('data-status');
      const decided = status === 'completed' || status === 'archived';
      return { status, game: m.getAttribute('data-game-id'), ...(decided && { text: m.textContent?.replace(/\s+/g, ' ').trim() }) };
    }),
  );

const DECIDED = '[data-testid="bracket-match"][data-status="completed"], [data-testid="bracket-match"][data-status="archived"]';

test('tournament: the server killed with -9 between two rounds loses nothing; the final is played to a winner after it starts again', async ({ browser }) => {
  test.setTimeout(300_000);
  const users = [];
  for (const name of ['ann', 'ben', 'cid', 'dot']) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await register(page, newUser(name));
    users.push({ context, page });
  }
  const tournamentPath = await fullTournament('Restart cup', users);
  const [ann] = users;
  await expect(ann!.page.getByTestId('tournament-status')).toHaveAttribute('data-status', 'running');

  // Round 1, played in the browsers.
  const byGame = new Map<string, typeof users>();
  for (const user of users) {
    await user.page.goto(tournamentPath);
    const gameId = (await user.page.getByTestId('bracket-match').filter({ has: user.page.getByTestId('match-play') }).getAttribute('data-game-id'))!;
    byGame.set(gameId, [...(byGame.get(gameId) ?? []), user]);
  }
  for (const pair of byGame.values()) await playMyMatch(pair, tournamentPath);
  await ann!.page.goto(tournamentPath);
  await expect(ann!.page.locator(DECIDED)).toHaveCount(2);
  await expect(ann!.page.getByTestId('bracket-match').last()).toHaveAttribute('data-game-id', /.+/);
  const before = await bracketOf(ann!.page);
  // The conversation holds round 1's pairings and results and the final's pairing.
  const linesOf = async (page: Page) => (await page.getByTestId('tournament-lines').textContent())?.trim();
  await expect(async () => {
    await ann!.page.goto(tournamentPath);
    const text = (await linesOf(ann!.page)) ?? '';
    expect([/Round 1:/g, /Round 2:/g, /\d+ – \d+/g].map((line) => text.match(line)?.length)).toEqual([1, 1, 2]);
  }).toPass({ timeout: 20_000 });
  const linesBefore = await linesOf(ann!.page);

  // Between the rounds, the server is killed and started again on the same data.
  await kill(server, 'SIGKILL');
  await server.start();

  // Everyone finds the tournament as it was: round 1 decided as it was, the final's one game waiting.
  const finalists = [];
  for (const user of users) {
    await user.page.goto(tournamentPath);
    await expect(user.page.locator(DECIDED)).toHaveCount(2);
    expect(await bracketOf(user.page)).toEqual(before);
    if ((await user.page.getByTestId('match-play').count()) > 0) finalists.push(user);
  }
  expect(finalists).toHaveLength(2);
  expect(await linesOf(ann!.page)).toBe(linesBefore);

  // The final, played after the restart, names the winner; nothing of round 1 was told twice.
  await playMyMatch(finalists, tournamentPath);
  await ann!.page.goto(tournamentPath);
  await expect(ann!.page.getByTestId('tournament-status')).toHaveAttribute('data-status', 'finished');
  await expect(ann!.page.getByTestId('tournament-winner')).toBeVisible();
  const lines = ann!.page.getByTestId('tournament-lines');
  await expect(lines).toContainText('🏆');
  const text = (await lines.textContent()) ?? '';
  expect(text.match(/Round 1:/g)).toHaveLength(1);
  expect(text.match(/Round 2:/g)).toHaveLength(1);
  expect(text.match(/\d+ – \d+/g)).toHaveLength(3);
  for (const { context } of users) await context.close();
});
