import { expect, test, type Browser, type ConsoleMessage, type Page } from '@playwright/test';
import { composer, send, userInBrowser } from './support.js';
import { screenshots } from './screens.js';

/** The signed-in user's id, from the "Me" link of the navigation. */
async function myId(page: Page): Promise<string> {
  const href = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me', exact: true }).getAttribute('href');
  return href!.split('/').pop()!;
}

/**
 * Counts, in the page, the sounds decoded, refused and started (the game swallows a sound it cannot
 * load, so a clean console alone does not say they play). Before the first sound of a game.
 */
async function countSounds(page: Page): Promise<() => Promise<{ decoded: number; refused: number; started: number }>> {
  await page.evaluate(() => {
    const counts = { decoded: 0, refused: 0, started: 0 };
    Object.assign(window, { soundCounts: counts });
    const decode = BaseAudioContext.prototype.decodeAudioData;
    BaseAudioContext.prototype.decodeAudioData = function (this: BaseAudioContext, data: ArrayBuffer) {
      return decode.call(this, data).then(
        (buffer) => {
          counts.decoded += 1;
          return buffer;
        },
        (err: unknown) => {
          counts.refused += 1;
          throw err;
        },
      );
    } as typeof decode;
    const start = AudioBufferSourceNode.prototype.start;
    AudioBufferSourceNode.prototype.start = function (this: AudioBufferSourceNode, ...args: Parameters<typeof start>) {
      counts.started += 1;
      return start.apply(this, args);
    };
  });
  return () => page.evaluate(() => ({ ...(window as unknown as { soundCounts: { decoded: number; refused: number; started: number } }).soundCounts }));
}

/** Alice and Bob in their own browsers, Alice in a DM with Bob opened from his profile. */
async function aliceInDmWithBob(browser: Browser) {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const [aliceId, bobId] = [await myId(alice.page), await myId(bob.page)];
  await alice.page.goto(`/u/${bobId}`);
  await alice.page.getByRole('button', { name: 'Message' }).click();
  await expect(composer(alice.page)).toBeVisible();
  return { alice, bob, aliceId, bobId, dmPath: new URL(alice.page.url()).pathname };
}

/**
 * The header's dialog: first to 1 point unless told, a slow ball and large paddles. Nobody drives a paddle until
 * the checks of leaving are done, and on a busy machine a fast undriven ball could score the one
 * point (ending the game, so that leaving rightly asks nothing) before they are. Returns the game's id.
 */
async function inviteToSlowGame(page: Page, points = 1): Promise<string> {
  await page.getByRole('button', { name: 'Invite to Pong' }).click();
  const dialog = page.getByRole('dialog', { name: 'Invite to a game of Pong' });
  await dialog.getByLabel('Points to win').fill(String(points));
  await dialog.getByLabel('Ball speed').selectOption('slow');
  await dialog.getByLabel('Paddle size').selectOption('large');
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  const card = page.getByTestId('game-card').last();
  await expect(card).toHaveAttribute('data-state', 'pending');
  return (await card.getAttribute('data-game-id'))!;
}

/** A short match in Chromium: an invitation from a DM accepted by the other user, played by held keys, then the result everywhere. */
test('pong: invited from a DM, accepted, played to 1 point with sounds and no console error, leaving asked first, the result in view on desktop and phone, a spectator sent back where they may be, one card in the DM and both histories updated', async ({ browser }) => {
  // Three people, a whole game and its result on two screens: 2.8 min in one full run on a busy machine.
  test.setTimeout(300_000);
  const { alice, bob, aliceId, bobId, dmPath } = await aliceInDmWithBob(browser);
  const carol = await userInBrowser(browser, 'carol');

  const gameId = await inviteToSlowGame(alice.page);
  await expect(alice.page.getByTestId('game-card').last()).toContainText('First to 1');

  // Bob sees the same card and accepts: both land on the game.
  await bob.page.goto(dmPath);
  const bobCard = bob.page.locator(`[data-testid="game-card"][data-game-id="${gameId}"]`);
  await expect(bobCard).toHaveAttribute('data-state', 'pending');
  await expect(bobCard.getByTestId('game-card-state')).toContainText(/s left/);
  await bobCard.getByRole('button', { name: 'Accept' }).click();
  await expect(bob.page).toHaveURL(new RegExp(`/game/${gameId}$`));
  await expect(alice.page).toHaveURL(new RegExp(`/game/${gameId}$`), { timeout: 20_000 });
  // The console stays clean through the game: its sounds load under the app's own CSP.
  const errors: string[] = [];
  // Their DM is end-to-end encrypted: a device setting it up asks whether the account keeps a
  // recovery yet, which the api answers 404 when not (Matrix's shape) and Chromium logs. Not the game's.
  const recoveryProbe = (m: ConsoleMessage) => m.location().url.endsWith('/api/v1/e2ee/secret-storage');
  for (const page of [alice.page, bob.page]) page.on('console', (m) => m.type() === 'error' && !recoveryProbe(m) && errors.push(m.text()));
  await expect(alice.page.getByTestId('court')).toBeVisible();
  const sounds = await countSounds(alice.page);

  // Leaving a game being played asks first, in the app's own dialog; staying keeps the game. Alice
  // holds a paddle once the page shows her the controls.
  await expect(alice.page.getByText('Move with ↑ ↓ or W S')).toBeVisible();
  await alice.page.getByRole('link', { name: 'Back to the conversation' }).click();
  const leave = alice.page.getByRole('alertdialog', { name: 'Leave the game?' });
  await expect(leave).toContainText('forfeit');
  await expect(leave.getByTestId('confirm')).toHaveText('Leave the game');
  await alice.page.screenshot({ path: test.info().outputPath('leave-game-desktop-en.png') });
  await leave.getByRole('button', { name: 'Cancel' }).click();
  await expect(leave).toBeHidden();
  await expect(alice.page).toHaveURL(new RegExp(`/game/${gameId}$`));
  await expect(alice.page.getByTestId('court')).toBeVisible();

  // Carol, not in the DM, watches: her way back is to the chat, not to a conversation she may not open.
  await carol.page.goto(`/game/${gameId}`);
  await expect(carol.page.getByTestId('spectator-badge')).toBeVisible();
  await expect(carol.page.getByRole('link', { name: 'Back to the conversation' })).toHaveCount(0);
  await carol.page.getByRole('link', { name: 'Back to chat' }).click();
  await expect(carol.page.getByTestId('conversation-title')).toContainText('general');
  expect(new URL(carol.page.url()).pathname).not.toBe(dmPath);
  await expect(carol.page.getByText('Not found.')).toHaveCount(0);

  // Bob plays on a phone's screen.
  await bob.page.setViewportSize({ width: 360, height: 740 });

  // Paddles driven to opposite walls: the served ball gets past one of them.
  await alice.page.keyboard.down('ArrowUp');
  await bob.page.keyboard.down('ArrowDown');

  // The result is seen without scrolling, on a 1280×800 window.
  const panel = alice.page.locator('volley-game-result');
  await expect(panel).toBeVisible({ timeout: 90_000 });
  await expect(panel).toBeInViewport({ ratio: 1 });
  await expect(bob.page.locator('volley-game-result')).toBeInViewport({ ratio: 1 });
  expect(errors).toEqual([]);
  // Every sound of the game loaded (paddle, wall, point, win), and the game's end was heard (its
  // one point is the win's sound).
  await expect.poll(sounds).toMatchObject({ decoded: 4, refused: 0 });
  expect((await sounds()).started).toBeGreaterThanOrEqual(1);

  // The invitation's card in the DM, for both, shows the result: one card per game.
  const card = (page: Page) => page.locator(`[data-testid="game-card"][data-game-id="${gameId}"]`);
  const [aliceDm, bobDm] = [await alice.context.newPage(), await bob.context.newPage()];
  await Promise.all([aliceDm.goto(dmPath), bobDm.goto(dmPath)]);
  // A new page's first sync of the DM brings the card's last state.
  await expect(card(aliceDm)).toHaveAttribute('data-state', 'finished', { timeout: 30_000 });
  const winnerId = (await card(aliceDm).getAttribute('data-winner-id'))!;
  expect([aliceId, bobId]).toContain(winnerId);
  const [winner, loser] = winnerId === aliceId ? [alice.user.username, bob.user.username] : [bob.user.username, alice.user.username];
  await expect(card(aliceDm)).toContainText(`${winner} beat ${loser} 1–0`);
  await expect(card(aliceDm)).not.toContainText('forfeit');
  await expect(card(bobDm)).toContainText(`${winner} beat ${loser} 1–0`);
  await expect(aliceDm.locator('[data-testid="result-card"]')).toHaveCount(0);
  // The page's own result says it the same way, the winner's points first.
  await expect(panel).toContainText(/beat .* 1–0/);

  // Both profiles list the match, each from its own side.
  for (const [page, id] of [
    [aliceDm, aliceId],
    [bobDm, bobId],
  ] as const) {
    await page.goto(`/u/${id}`);
    const row = page.locator(`[data-testid="match"][data-game-id="${gameId}"]`);
    await expect(row).toHaveAttribute('data-result', id === winnerId ? 'won' : 'lost');
    // The score reads as its column says, theirs second: the loser's row says 0–1.
    await expect(row.getByTestId('match-score')).toHaveText(id === winnerId ? '1–0' : '0–1');
    await expect(page.getByTestId('stat-wins')).toHaveText(id === winnerId ? '1' : '0');
    await expect(page.getByTestId('stat-losses')).toHaveText(id === winnerId ? '0' : '1');
    await expect(page.getByTestId('rating-chart')).toBeVisible();
  }
  const [loserId, loserUser] = winnerId === aliceId ? [bobId, bob.user] : [aliceId, alice.user];
  await screenshots(browser, 'match-history-lost', async (page) => {
    await page.goto(`/u/${loserId}`);
    await page.locator(`[data-testid="match"][data-game-id="${gameId}"]`).scrollIntoViewIfNeeded();
  }, loserUser);

  await Promise.all([alice.context.close(), bob.context.close(), carol.context.close()]);
});

test('pong: closing the tab in a game being played asks first, also after the app’s own question was cancelled', async ({ browser }) => {
  // Two people registered, their devices made and an encrypted DM opened before the game: on a busy machine, most of the time.
  test.setTimeout(180_000);
  const { alice, bob, dmPath } = await aliceInDmWithBob(browser);
  // Twenty-one points: the game is still being played when the tab is closed, however slow the machine.
  const gameId = await inviteToSlowGame(alice.page, 21);
  await bob.page.goto(dmPath);
  await bob.page.locator(`[data-testid="game-card"][data-game-id="${gameId}"]`).getByRole('button', { name: 'Accept' }).click();
  await expect(alice.page).toHaveURL(new RegExp(`/game/${gameId}$`), { timeout: 20_000 });
  await expect(alice.page.getByTestId('court')).toBeVisible();

  // The app's own question, cancelled: the game goes on.
  await alice.page.getByRole('link', { name: 'Back to the conversation' }).click();
  await alice.page.getByRole('alertdialog', { name: 'Leave the game?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(alice.page.getByTestId('court')).toBeVisible();

  // Closing the tab: the browser asks; staying keeps the game.
  const asked = alice.page.waitForEvent('dialog');
  await alice.page.close({ runBeforeUnload: true });
  const question = await asked;
  expect(question.type()).toBe('beforeunload');
  await question.dismiss();
  await expect(alice.page.getByTestId('court')).toBeVisible();
  expect(alice.page.isClosed()).toBe(false);
  await Promise.all([alice.context.close(), bob.context.close()]);
});

test('pong: /invite in a DM declined by the other user; once blocked, the invitation is refused with its reason', async ({ browser }) => {
  const { alice, bob, aliceId, dmPath } = await aliceInDmWithBob(browser);

  // `/invite` alone in a DM invites the other person.
  await send(alice.page, '/invite');
  await expect(composer(alice.page)).toHaveValue('');
  const card = alice.page.getByTestId('game-card').last();
  await expect(card).toHaveAttribute('data-state', 'pending');
  await expect(card).toContainText(`invites ${bob.user.username}`);
  const gameId = (await card.getAttribute('data-game-id'))!;

  await bob.page.goto(dmPath);
  const bobCard = bob.page.locator(`[data-testid="game-card"][data-game-id="${gameId}"]`);
  await bobCard.getByRole('button', { name: 'Decline' }).click();
  await expect(bobCard).toHaveAttribute('data-state', 'declined');
  await expect(card).toHaveAttribute('data-state', 'declined');
  await expect(card.getByRole('button', { name: 'Accept' })).toHaveCount(0);

  // Blocked: the server refuses the invitation and says why; inviting again cannot pass, so only Discard.
  await bob.page.goto(`/u/${aliceId}`);
  await bob.page.getByRole('button', { name: 'Block' }).click();
  await bob.page.getByTestId('confirm').click();
  await expect(bob.page.getByRole('button', { name: 'Unblock' })).toBeVisible();
  // The trailing space closes the @-completion, so Enter sends rather than completes.
  await send(alice.page, `/invite @${bob.user.username} `);
  const refused = alice.page.locator('[data-testid="message"][data-status="rejected"]').filter({ has: alice.page.getByTestId('game-card') });
  await expect(refused.getByTestId('reject-reason')).toContainText(/block/i);
  await expect(refused.getByRole('button', { name: 'Retry' })).toHaveCount(0);
  await expect(refused.getByRole('button', { name: 'Discard' })).toBeVisible();

  await alice.context.close();
  await bob.context.close();
});

test('pong: ranked matchmaking — a search can be cancelled; two players searching are matched into the same game, which others can watch from a profile; its result moves the ratings shown', async ({ browser }) => {
  test.setTimeout(240_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  // Signed up before the match: its game is over within a minute or so when nobody plays it.
  const carol = await userInBrowser(browser, 'carol');
  const status = (page: Page) => page.getByTestId('queue-status');

  await alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Play' }).click();
  await alice.page.getByRole('button', { name: 'Find a ranked match' }).click();
  await expect(status(alice.page)).toHaveAttribute('data-state', 'queued');
  await expect(status(alice.page)).toContainText(/Your rating \d+ · opponents within ±\d+/);
  await alice.page.getByRole('button', { name: 'Cancel' }).click();
  await expect(status(alice.page)).toHaveAttribute('data-state', 'idle');

  await alice.page.getByRole('button', { name: 'Find a ranked match' }).click();
  await expect(status(alice.page)).toHaveAttribute('data-state', 'queued');
  await bob.page.goto('/play');
  await bob.page.getByRole('button', { name: 'Find a ranked match' }).click();
  await expect(status(bob.page)).toContainText(`Match found vs ${alice.user.username}`);
  await expect(alice.page).toHaveURL(/\/game\/[^/]+$/);
  await expect(bob.page).toHaveURL(/\/game\/[^/]+$/);
  const gamePath = new URL(alice.page.url()).pathname;
  expect(new URL(bob.page.url()).pathname).toBe(gamePath);

  // While they play, a player's profile offers to watch.
  await carol.page.goto(`/u/${await myId(alice.page)}`);
  const watch = carol.page.getByRole('link', { name: 'Watch live game' });
  await expect(watch).toHaveAttribute('href', gamePath);
  await watch.click();
  await expect(carol.page).toHaveURL(new RegExp(`${gamePath}$`));

  // Over, the players' header shows the ratings the result gave them, not those they started with.
  const result = alice.page.locator('volley-game-result');
  await expect(result).toBeVisible({ timeout: 150_000 });
  const moved = (await result.getByRole('listitem').allTextContents()).flatMap((line) => /→ (\d+)/.exec(line)?.[1] ?? []);
  expect(moved).toHaveLength(2);
  expect(moved).not.toEqual(['1000', '1000']);
  for (const rating of moved) await expect(alice.page.locator('volley-game-scoreboard')).toContainText(`rating ${rating}`);

  await Promise.all([alice.context.close(), bob.context.close(), carol.context.close()]);
});
