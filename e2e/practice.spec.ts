import { expect, test } from '@playwright/test';
import { register, newUser, serviceWorkerControls } from './support.js';

const liveLoops = (page: import('@playwright/test').Page) => page.locator('html').getAttribute('data-game-loops');

test('practice against the computer works offline, and leaving the page stops the game', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await register(page, newUser('practice'));
  await serviceWorkerControls(page);

  await context.setOffline(true);
  await page.goto('/practice');
  await page.getByLabel('Ball speed').selectOption('fast');
  await page.getByLabel('Points to win').selectOption('3');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('countdown')).toBeVisible();
  await expect.poll(() => liveLoops(page)).toBe('1');

  // Keep my paddle up in the corner: the computer scores.
  const score = page.getByTestId('score');
  await expect(score).toHaveAttribute('data-right', '0');
  await page.keyboard.down('ArrowUp');
  await expect(score).toHaveAttribute('data-right', '1', { timeout: 20_000 });
  await page.keyboard.up('ArrowUp');
  await page.keyboard.down('w');
  await expect(page.getByTestId('game-result')).toContainText('The computer won 3–', { timeout: 40_000 });
  await page.keyboard.up('w');
  await expect.poll(() => liveLoops(page)).toBe('0');

  await page.getByRole('button', { name: 'Play again' }).click();
  await expect(score).toHaveAttribute('data-right', '0');
  await expect.poll(() => liveLoops(page)).toBe('1');
  await page.getByRole('link', { name: 'Chat' }).click();
  await expect(page.getByTestId('court')).toHaveCount(0);
  await expect.poll(() => liveLoops(page)).toBe('0');
  await context.close();
});
