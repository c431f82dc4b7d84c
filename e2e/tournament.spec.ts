import { expect, test, type Page } from '@playwright/test';
import { blockFromProfile, fullTournament, playMyMatch, userInBrowser } from './support.js';
import { screenshots } from './screens.js';

test('tournament: four players register, play two rounds in their browsers, and the bracket names the winner, live on a spectator’s page', async ({ browser }) => {
  test.setTimeout(300_000);
  const users = [];
  for (const name of ['ann', 'ben', 'cid', 'dot']) users.push(await userInBrowser(browser, name));
  const [ann] = users;

  const tournamentPath = await fullTournament('Browser cup', users);
  const status = ann!.page.getByTestId('tournament-status');
  await expect(status).toHaveAttribute('data-status', 'running');
  // Eve watches from the page she opened now, and never reloads it: every move reaches it as it happens.
  const eve = await userInBrowser(browser, 'eve');
  // The bracket comes with each version on the tournament's socket: her page never reads it over HTTP.
  const bracketReads: string[] = [];
  eve.page.on('request', (request) => void (new URL(request.url()).pathname.endsWith('/bracket') && bracketReads.push(request.url())));
  await eve.page.goto(tournamentPath);
  const eveMatches = eve.page.getByTestId('bracket-match');
  await expect(eveMatches).toHaveCount(3);
  await expect(eve.page.getByTestId('match-watch')).toHaveCount(2);
  await expect(ann!.page.getByTestId('bracket-match')).toHaveCount(3);
  // A match watched from the bracket leads back to the tournament.
  await eve.page.getByTestId('match-watch').first().click();
  await expect(eve.page).toHaveURL(/\/game\//);
  await eve.page.getByRole('link', { name: 'Back to the tournament' }).click();
  await expect(eve.page).toHaveURL(new RegExp(`${tournamentPath}$`));
  await expect(eveMatches).toHaveCount(3);

  // Round 1: each player finds their own match on the page; a spectator's page offers to watch.
  const gameOf = async (page: Page) => (await page.getByTestId('bracket-match').filter({ has: page.getByTestId('match-play') }).getAttribute('data-game-id'))!;
  const byGame = new Map<string, typeof users>();
  for (const user of users) {
    await user.page.goto(tournamentPath);
    const gameId = await gameOf(user.page);
    byGame.set(gameId, [...(byGame.get(gameId) ?? []), user]);
  }
  expect([...byGame.values()].map((pair) => pair.length)).toEqual([2, 2]);
  await expect(ann!.page.getByTestId('match-watch')).toHaveCount(1);
  // Ann is told her match is ready and against whom; the notification leads to its game.
  const [annsGame, annsPair] = [...byGame].find(([, pair]) => pair.includes(ann!))!;
  const opponent = annsPair.find((user) => user !== ann)!;
  await ann!.page.getByRole('button', { name: /^Notifications/ }).click();
  // As its owner, she was told of the three others who registered, in one entry leading to the tournament.
  const registered = ann!.page.getByTestId('notification').filter({ hasText: '3 players registered for Browser cup' });
  await expect(registered).toHaveAttribute('data-kind', 'registrations');
  const ready = ann!.page.getByTestId('notification').filter({ hasText: `Your match against ${opponent.user.username} in Browser cup is ready` });
  await expect(ready).toHaveAttribute('data-kind', 'tournament_match');
  await ready.click();
  await expect(ann!.page).toHaveURL(new RegExp(`/game/${annsGame}$`));
  for (const pair of byGame.values()) await playMyMatch(pair, tournamentPath);

  // The final: the two winners find it ready on their page.
  const finalists = [];
  for (const user of users) {
    await user.page.goto(tournamentPath);
    await expect(user.page.locator('[data-testid="bracket-match"][data-status="completed"], [data-testid="bracket-match"][data-status="archived"]')).toHaveCount(2);
    if ((await user.page.getByTestId('match-play').count()) > 0) finalists.push(user);
  }
  expect(finalists).toHaveLength(2);
  await expect(eve.page.locator('[data-testid="bracket-match"][data-status="completed"], [data-testid="bracket-match"][data-status="archived"]')).toHaveCount(2);
  await expect(eve.page.getByTestId('match-watch')).toHaveCount(1);
  await playMyMatch(finalists, tournamentPath);
  await expect(eve.page.getByTestId('tournament-status')).toHaveAttribute('data-status', 'finished');
  await expect(eve.page.getByTestId('tournament-winner')).toBeVisible();
  await expect(eve.page.getByTestId('tournament-lines')).toContainText('🏆');
  expect(new URL(eve.page.url()).pathname).toBe(tournamentPath);
  expect(bracketReads).toEqual([]);

  for (const { page } of users) {
    await page.goto(tournamentPath);
    await expect(page.getByTestId('tournament-status')).toHaveAttribute('data-status', 'finished');
    await expect(page.getByTestId('tournament-winner')).toBeVisible();
  }
  // The server posted the pairings, results and winner in the tournament's conversation.
  const lines = ann!.page.getByTestId('tournament-lines');
  for (const pairing of ['Round 1:', 'Round 2:']) await expect(lines).toContainText(pairing);
  await expect(lines).toContainText(/\d+ – \d+/);
  await expect(lines).toContainText('🏆');

  // Kept: the winner's profile lists the tournament as won; the leaderboard of tournament games has all four.
  const winnerId = (await ann!.page.getByTestId('tournament-winner').getAttribute('data-user-id'))!;
  const tournamentId = tournamentPath.split('/').pop()!;
  await ann!.page.goto(`/u/${winnerId}`);
  await expect(ann!.page.locator(`[data-testid="played-tournaments"] li[data-id="${tournamentId}"]`)).toHaveAttribute('data-won', '');
  await ann!.page.goto('/leaderboard');
  await ann!.page.getByTestId('leaderboard-tournament').click();
  await expect(ann!.page.getByTestId('leaderboard-tournament')).toHaveAttribute('aria-pressed', 'true');
  // The database may hold earlier runs' tournaments (CI's PostgreSQL): each of the four is listed once.
  for (const { user } of users) await expect(ann!.page.getByTestId('leaderboard-row').filter({ hasText: user.username })).toHaveCount(1);
  for (const { context } of users) await context.close();
});

test('tournament: registering while blocked by a registered player says why under the Register button, in English and French', async ({ browser }) => {
  test.setTimeout(180_000);
  const [ann, ben, cid] = [await userInBrowser(browser, 'ann'), await userInBrowser(browser, 'ben'), await userInBrowser(browser, 'cid')];
  await ann.page.goto('/tournaments');
  const form = ann.page.getByTestId('tournament-create');
  await form.getByLabel('Name').fill('Blocked cup');
  await form.getByLabel('Players', { exact: true }).fill('4');
  await form.getByRole('button', { name: 'Create' }).click();
  await expect(ann.page).toHaveURL(/\/tournaments\/[0-9A-Z]{26}$/);
  const tournamentPath = new URL(ann.page.url()).pathname;
  await ben.page.goto(tournamentPath);
  await ben.page.getByTestId('tournament-register').click();
  await expect(ben.page.getByTestId('tournament-register')).toHaveCount(0);
  // Ben blocks Cid from his profile.
  await blockFromProfile(ben.page, cid.user.username);

  await cid.page.goto(tournamentPath);
  await cid.page.getByTestId('tournament-register').click();
  const refusal = cid.page.getByTestId('tournament-refusal');
  await expect(refusal).toHaveText('You cannot register: you and a player already registered have blocked each other.');
  await expect(refusal).toHaveAttribute('role', 'alert');
  await expect(cid.page.getByTestId('tournament-register')).toBeVisible();
  await expect(cid.page.getByTestId('tournament-players').getByRole('listitem')).toHaveCount(1);

  await screenshots(
    browser,
    'tournament-blocked',
    async (page) => {
      await page.goto(tournamentPath);
      await page.getByTestId('tournament-register').click();
      await expect(page.getByTestId('tournament-refusal')).toBeVisible();
    },
    cid.user,
  );
  for (const user of [ann, ben, cid]) await user.context.close();
});

test("tournament: its pairings read in its conversation as the server's lines, by no one, to the organiser and to a player", async ({ browser }) => {
  test.setTimeout(180_000);
  const users = [];
  for (const name of ['ann', 'ben', 'cid', 'dot']) users.push(await userInBrowser(browser, name));
  const [ann, ben] = users;
  const tournamentPath = await fullTournament('Line cup', users);
  await expect(ann!.page.getByTestId('tournament-status')).toHaveAttribute('data-status', 'running');
  const openConversation = async (page: Page) => {
    await page.goto(tournamentPath);
    await page.getByRole('link', { name: /^(Open the tournament’s conversation|Ouvrir la conversation du tournoi)$/ }).click();
    await expect(page.locator('volley-message .system').filter({ hasText: 'Round 1:' })).toBeVisible();
  };
  for (const { page } of [ann!, ben!]) {
    await openConversation(page);
    // No one's name or avatar on them, and no menu of actions: the organiser did not write them.
    await expect(page.getByTestId('author')).toHaveCount(0);
    await expect(page.getByTestId('author-avatar')).toHaveCount(0);
    await expect(page.locator('volley-message-actions')).toHaveCount(0);
    await expect(page.locator('volley-message .system').first()).toHaveCSS('text-align', 'center');
  }
  await screenshots(browser, 'tournament-lines', openConversation, ben!.user);
  for (const { context } of users) await context.close();
});
