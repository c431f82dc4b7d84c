import { expect, test, type Page } from '@playwright/test';
import { composer, createChannel, messages, send, userInBrowser } from './support.js';

async function sendAndWait(page: Page, text: string): Promise<void> {
  await send(page, text);
  await expect(messages(page, text).last()).toHaveAttribute('data-status', 'sent');
}

test('a formatted message reads formatted for the other reader, and nothing in it runs', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const errors: string[] = [];
  bob.page.on('pageerror', (error) => errors.push(error.message));
  await bob.page.exposeFunction('volleyPwned', () => errors.push('a message ran script'));
  const stamp = Date.now();
  await composer(alice.page).fill(
    `**bold ${stamp}** _soft_ ~~gone~~ \`@${bob.user.username}\` hi @${bob.user.username}.\n> quoted\n- one\n- two\n\n<img src=x onerror="volleyPwned()"> [click](javascript:volleyPwned()) https://en.wikipedia.org/wiki/Pong_(game)`,
  );
  // The composer previews the formatting with the message's own rules.
  await expect(alice.page.getByTestId('composer-preview').locator('strong')).toHaveText(`bold ${stamp}`);
  await composer(alice.page).press('Enter');

  const message = messages(bob.page, `bold ${stamp}`);
  await expect(message).toHaveCount(1);
  const body = message.getByTestId('message-body');
  await expect(body.locator('strong')).toHaveText(`bold ${stamp}`);
  await expect(body.locator('em')).toHaveText('soft');
  await expect(body.locator('s')).toHaveText('gone');
  await expect(body.locator('blockquote')).toHaveText('quoted');
  await expect(body.locator('li')).toHaveText(['one', 'two']);
  // The mention in code stays code; the one in text is highlighted as mine.
  await expect(body.locator('code')).toHaveText(`@${bob.user.username}`);
  await expect(body.locator('.mention')).toHaveText(`@${bob.user.username}`);
  await expect(body.locator('.mention')).toHaveAttribute('data-me', 'true');
  // Only the http link is live, its closing parenthesis kept; the markup shows as text.
  await expect(body.locator('a')).toHaveCount(1);
  await expect(body.locator('a')).toHaveAttribute('href', 'https://en.wikipedia.org/wiki/Pong_(game)');
  await expect(body.locator('img')).toHaveCount(0);
  await expect(body).toContainText('<img src=x onerror="volleyPwned()">');
  await expect(body).toContainText('[click](javascript:volleyPwned())');
  expect(errors).toEqual([]);

  await alice.context.close();
  await bob.context.close();
});

test('messages by one author group under one header, with at least 18 lines in an 800 px window', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  await alice.page.setViewportSize({ width: 1280, height: 800 });
  // A channel of her own: other specs may write #general meanwhile, which would split her run.
  await createChannel(alice.page, `look-${Date.now().toString(36)}`);
  const stamp = Date.now();
  const lines = Array.from({ length: 22 }, (_, i) => `line ${i} of ${stamp}`);
  for (const line of lines) await sendAndWait(alice.page, line);

  // One header (name, avatar) for the run; the others continue it.
  const run = alice.page.getByTestId('message').filter({ hasText: `of ${stamp}` });
  await expect(run).toHaveCount(lines.length);
  await expect(run.locator('[data-continued]')).toHaveCount(lines.length - 1);
  await expect(run.getByTestId('author-name')).toHaveCount(1);
  await expect(alice.page.getByTestId('day-separator').last()).toHaveText('Today');

  const visible = await alice.page.getByTestId('message-list').evaluate((log) => {
    const box = log.getBoundingClientRect();
    return Array.from(log.querySelectorAll('volley-message')).filter((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= box.top && r.bottom <= box.bottom;
    }).length;
  });
  expect(visible).toBeGreaterThanOrEqual(18);
  await alice.context.close();
});

test('a reaction picked from the full emoji picker shows to the other reader', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const requested: string[] = [];
  alice.page.on('request', (request) => requested.push(request.url()));
  const text = `react to me ${Date.now()}`;
  await sendAndWait(bob.page, text);

  const message = messages(alice.page, text);
  await message.hover();
  await message.getByRole('button', { name: 'Message actions' }).click();
  await alice.page.getByRole('menuitem', { name: 'React' }).click();
  await alice.page.getByTestId('more-emoji').click();
  const picker = alice.page.locator('emoji-picker');
  // Styled under the CSP: the category tabs sit in one row.
  await expect(picker.getByRole('tab')).not.toHaveCount(0);
  const tabs = await picker.getByRole('tab').evaluateAll((all) => new Set(all.map((tab) => Math.round(tab.getBoundingClientRect().top))).size);
  expect(tabs).toBe(1);
  await picker.locator('input#search').fill('rocket');
  await picker.getByRole('option', { name: /rocket/i }).first().click();

  await expect(messages(bob.page, text).getByTestId('reaction')).toHaveAttribute('data-emoji', '🚀');
  await expect(messages(bob.page, text).getByTestId('reaction')).toHaveText(/1/);
  // Its code and data came from our own origin, no CDN.
  const origin = new URL(alice.page.url()).origin;
  expect(requested.filter((url) => /^https?:/.test(url) && !url.startsWith(origin))).toEqual([]);

  // The composer completes a shortcode to its emoji.
  await composer(alice.page).fill(':rock');
  await alice.page.getByRole('option', { name: /:rocket:/ }).click();
  await expect(composer(alice.page)).toHaveValue('🚀');
  await alice.context.close();
  await bob.context.close();
});

test('a user card opens from a name: it challenges to Pong and opens the DM', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const text = `card ${Date.now()}`;
  await sendAndWait(bob.page, text);

  const card = alice.page.getByTestId('user-card');
  await messages(alice.page, text).getByTestId('author-name').click();
  await expect(card).toContainText(`@${bob.user.username}`);
  await card.getByTestId('card-challenge').click();
  await expect(card).toHaveCount(0);
  const invite = bob.page.getByTestId('game-card').filter({ hasText: `invites ${bob.user.username}` });
  await expect(invite.last()).toHaveAttribute('data-state', 'pending');

  await messages(alice.page, text).getByTestId('author-name').click();
  await card.getByTestId('card-block').click();
  await expect(card.getByRole('alert')).toContainText('they cannot message you');
  await card.getByRole('button', { name: 'Cancel' }).click();
  await card.getByTestId('card-message').click();
  await expect(alice.page).toHaveURL(/\/c\//);
  await expect(alice.page.getByRole('heading', { level: 1 })).toContainText(bob.user.username);
  const hello = `hello in private ${Date.now()}`;
  await sendAndWait(alice.page, hello);
  await bob.page.goto(new URL(alice.page.url()).pathname);
  await expect(messages(bob.page, hello)).toHaveCount(1);
  await alice.context.close();
  await bob.context.close();
});
