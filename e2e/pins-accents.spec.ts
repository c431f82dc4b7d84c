import { expect, test } from '@playwright/test';
import { messages, send, userInBrowser } from './support.js';

test('a DM member pins a message from its menu, the other member finds it in the pinned list and opens it; #general offers no pin to a member', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');

  // In #general a member may not pin.
  const hello = `hello ${Date.now()}`;
  await send(alice.page, hello);
  await expect(messages(alice.page, hello)).toHaveAttribute('data-status', 'sent');
  await messages(alice.page, hello).hover();
  await messages(alice.page, hello).getByRole('button', { name: 'Message actions' }).click();
  await expect(alice.page.getByRole('menuitem', { name: 'Reply' })).toBeVisible();
  await expect(alice.page.getByRole('menuitem', { name: 'Pin' })).toHaveCount(0);
  await alice.page.keyboard.press('Escape');

  // A DM with Bob, from his profile.
  await alice.page.goto('/people');
  await alice.page.getByLabel('Search people').fill(bob.user.username);
  await alice.page.getByTestId('search-result').filter({ hasText: bob.user.username }).click();
  await alice.page.getByRole('button', { name: 'Message' }).click();
  await expect(alice.page).toHaveURL(/\/c\//);
  const dmPath = new URL(alice.page.url()).pathname;
  const rule = `the rule is ${Date.now()}`;
  await send(alice.page, rule);
  await expect(messages(alice.page, rule)).toHaveAttribute('data-status', 'sent');
  for (let i = 0; i < 3; i++) await send(alice.page, `chatter ${i}`);

  await messages(alice.page, rule).hover();
  await messages(alice.page, rule).getByRole('button', { name: 'Message actions' }).click();
  await alice.page.getByRole('menuitem', { name: 'Pin' }).click();

  await bob.page.goto(dmPath);
  await bob.page.getByTestId('pinned-button').click();
  const pinned = bob.page.getByTestId('pinned-message');
  await expect(pinned).toHaveCount(1);
  await expect(pinned).toContainText(rule);
  await pinned.getByRole('button').click();
  await expect(messages(bob.page, rule)).toBeInViewport();

  // Unpinned from the same menu: the list is empty again.
  await messages(alice.page, rule).hover();
  await messages(alice.page, rule).getByRole('button', { name: 'Message actions' }).click();
  await alice.page.getByRole('menuitem', { name: 'Unpin' }).click();
  await expect
    .poll(async () => {
      await bob.page.getByTestId('pinned-button').click();
      const count = await bob.page.getByTestId('pinned-message').count();
      await bob.page.getByTestId('pinned-button').click();
      return count;
    })
    .toBe(0);
  await alice.context.close();
  await bob.context.close();
});

test('a DM member chooses its colour: the other member sees it at once and after a reload; #general offers no colour to a member', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  await expect(alice.page.getByLabel('Colour')).toHaveCount(0);

  await alice.page.goto('/people');
  await alice.page.getByLabel('Search people').fill(bob.user.username);
  await alice.page.getByTestId('search-result').filter({ hasText: bob.user.username }).click();
  await alice.page.getByRole('button', { name: 'Message' }).click();
  await expect(alice.page).toHaveURL(/\/c\//);
  const dmPath = new URL(alice.page.url()).pathname;
  await send(alice.page, 'colour?');
  await bob.page.goto(dmPath);
  await expect(messages(bob.page, 'colour?')).toHaveCount(1);

  const sendColour = (page: typeof bob.page) => page.getByRole('button', { name: 'Send' }).evaluate((b) => getComputedStyle(b).backgroundColor);
  const teal = await bob.page.evaluate(() => {
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'var(--volley-accent-teal)';
    const color = getComputedStyle(probe).color;
    probe.remove();
    return color;
  });
  expect(await sendColour(bob.page)).not.toBe(teal);

  await alice.page.getByLabel('Colour').selectOption({ label: 'Teal' });
  await expect.poll(() => sendColour(alice.page)).toBe(teal);
  await expect.poll(() => sendColour(bob.page)).toBe(teal);
  await bob.page.reload();
  await expect(messages(bob.page, 'colour?')).toHaveCount(1);
  await expect.poll(() => sendColour(bob.page)).toBe(teal);
  await expect(bob.page.getByLabel('Colour')).toHaveValue('teal');

  // Back to Volley's own.
  await bob.page.getByLabel('Colour').selectOption({ label: 'Volley’s own' });
  await expect.poll(() => sendColour(alice.page)).not.toBe(teal);
  await alice.context.close();
  await bob.context.close();
});
