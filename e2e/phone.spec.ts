import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseLanguage, composer, messages, newUser, userInBrowser } from './support.js';

/** A phone held upright, used with a finger. */
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

async function phoneUser(browser: Browser, prefix: string) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  const user = newUser(prefix);
  await page.goto('/register');
  await page.getByLabel('Username', { exact: true }).fill(user.username);
  await page.getByLabel('Email', { exact: true }).fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Create account' }).tap();
  return { context, page, user };
}

/**
 * What a finger or a narrow screen would stumble on, on the page as it shows: a page wider than the
 * screen, controls smaller than 44 × 44 px (a checkbox or radio counts by its label; a link inside a
 * sentence is exempt), navigation labels cut short.
 */
function problems(page: Page) {
  return page.evaluate(() => {
    const all: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}"`;
    const small: string[] = [];
    const cut: string[] = [];
    for (const el of all) {
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      if (el.matches('a[href], button, input, select, textarea, summary')) {
        if (el.matches('a') && getComputedStyle(el).display === 'inline') continue;
        const target = el.matches('input[type="checkbox"], input[type="radio"]') ? (el.closest('label') ?? el) : el;
        const box = target.getBoundingClientRect();
        if (box.width > 0 && (box.width < 43.5 || box.height < 43.5)) small.push(`${name(el)} ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
      if (el.matches('volley-nav .label, .label') && el.closest('nav') && el.scrollWidth > el.clientWidth) cut.push(name(el));
    }
    return { wider: document.scrollingElement!.scrollWidth > innerWidth, small, cut };
  });
}

async function expectNoProblems(page: Page, where: string) {
  await expect(page.locator('volley-nav')).toBeVisible();
  expect(await problems(page), where).toEqual({ wider: false, small: [], cut: [] });
}

test('on a phone the conversation list and a conversation are separate views, with a way back; a message and a DM by touch', async ({ browser }) => {
  const alice = await phoneUser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const { page } = alice;

  // The list alone, #general in it.
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  await page.getByTestId('conversation').filter({ hasText: 'general' }).tap();
  await expect(page).toHaveURL(/\/c\//);
  await expect(page.getByTestId('conversation-title')).toHaveText('#general');
  // The header is one row of 44 px targets.
  const header = await page.locator('page-chat header').filter({ has: page.getByTestId('conversation-title') }).boundingBox();
  expect(header!.height).toBeLessThanOrEqual(64);

  const hello = `hello from a phone ${Date.now()}`;
  await composer(page).fill(hello);
  await page.getByRole('button', { name: 'Send' }).tap();
  await expect(messages(page, hello)).toHaveCount(1);
  await expect(messages(bob.page, hello)).toHaveCount(1);

  // An on-screen keyboard shrinks the page (the viewport's interactive-widget=resizes-content, or
  // the visual viewport where the keyboard covers the page): the composer, its Send button and the
  // newest message stay in sight, the composer keeping the focus.
  await expect(page.locator('meta[name="viewport"]')).toHaveAttribute('content', /interactive-widget=resizes-content/);
  await composer(page).tap();
  await page.setViewportSize({ width: 360, height: 420 });
  await expect(composer(page)).toBeInViewport({ ratio: 1 });
  await expect(page.getByRole('button', { name: 'Send' })).toBeInViewport({ ratio: 1 });
  await expect(messages(page, hello)).toBeInViewport();
  await expect(composer(page)).toBeFocused();
  await page.setViewportSize(PHONE.viewport);

  await page.getByRole('link', { name: 'Back to the conversations' }).tap();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('conversation').filter({ hasText: 'general' })).toBeVisible();

  // A DM from a profile, answered on a desktop from its conversation list.
  await page.getByRole('link', { name: 'People' }).tap();
  await page.getByLabel('Search people').fill(bob.user.username);
  await page.getByRole('link', { name: new RegExp(bob.user.username) }).first().tap();
  await page.getByRole('button', { name: 'Message' }).tap();
  await expect(page.getByTestId('conversation-title')).toHaveText(bob.user.username);
  const ping = `ping ${Date.now()}`;
  await composer(page).fill(ping);
  await page.getByRole('button', { name: 'Send' }).tap();
  // Bob opens the DM once his list shows it with its last message (a new conversation comes in at the top).
  await bob.page.getByTestId('conversation').filter({ hasText: ping }).click();
  await expect(messages(bob.page, ping)).toHaveCount(1);

  // A Pong challenge from the header's menu of less used actions.
  await page.getByRole('button', { name: 'More actions' }).tap();
  await page.getByRole('button', { name: 'Invite to Pong' }).tap();
  const dialog = page.getByRole('dialog', { name: 'Invite to a game of Pong' });
  await dialog.getByLabel('Points to win').fill('1');
  await dialog.getByRole('button', { name: 'Send invitation' }).tap();
  await expect(bob.page.getByTestId('game-card').last()).toBeVisible();
  // The invitation's card in the DM takes a finger like any control.
  await expect(page.getByTestId('game-card').last()).toBeVisible();
  await expectNoProblems(page, 'a DM with an invitation');

  // From #general, the search widens over the header while it is used; a result opens its conversation.
  await page.getByRole('link', { name: 'Back to the conversations' }).tap();
  await expect(page).toHaveURL(/\/$/);
  await page.getByTestId('conversation').filter({ hasText: 'general' }).tap();
  await expect(page.getByTestId('conversation-title')).toHaveText('#general');
  const search = page.getByRole('searchbox', { name: 'Search messages' });
  await search.tap();
  expect((await search.boundingBox())!.width).toBeGreaterThan(300);
  await search.fill('ping');
  await search.press('Enter');
  await page.getByTestId('search-result').filter({ hasText: 'ping' }).tap();
  await expect(page.getByTestId('conversation-title')).toHaveText(bob.user.username);
  await expect(messages(page, ping)).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});

test('on a phone, no page scrolls sideways, every control takes a finger and the navigation reads in full, in English and in French', async ({ browser }) => {
  // Every page measured, in two languages: 66 s in one full run on a busy machine.
  test.setTimeout(180_000);
  const alice = await phoneUser(browser, 'alice');
  const { page } = alice;
  await expect(page.getByTestId('conversation').first()).toBeVisible();
  const general = await page.getByTestId('conversation').filter({ hasText: 'general' }).getAttribute('href');
  await page.getByRole('link', { name: 'Me', exact: true }).tap();
  const profile = new URL(page.url()).pathname;
  const pages = ['/', general!, '/people', '/channels', '/play', '/leaderboard', '/tournaments', '/practice', profile];

  // A message with a file, a reaction and a reply in #general: each of their controls is checked too.
  await page.goto(general!);
  const text = `targets ${Date.now()}`;
  const chooser = page.waitForEvent('filechooser');
  // On a phone the tools are folded into "+".
  await page.getByTestId('composer-more').tap();
  await page.getByRole('button', { name: 'Attach files' }).tap();
  await (await chooser).setFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('notes') });
  await composer(page).fill(text);
  await page.getByRole('button', { name: 'Send' }).tap();
  const mine = messages(page, text);
  await expect(mine.getByTestId('attachment-file')).toHaveCount(1, { timeout: 20_000 });
  // A tap of the message opens its actions (no button over its text).
  await mine.getByTestId('message-body').tap();
  await mine.getByRole('menuitem', { name: 'React' }).tap();
  await mine.getByRole('group').getByRole('button').first().tap();
  await expect(mine.getByTestId('reaction')).toHaveCount(1);
  // A tap of the message opens its actions (no button over its text).
  await mine.getByTestId('message-body').tap();
  await mine.getByRole('menuitem', { name: 'Reply' }).tap();
  await composer(page).fill(`re ${text}`);
  await page.getByRole('button', { name: 'Send' }).tap();
  await expect(messages(page, `re ${text}`).getByTestId('reply-quote')).toHaveCount(1);
  const settings = ['/settings/profile', '/settings/account', '/settings/sessions', '/settings/bots', '/settings/notifications'];

  for (const language of ['English', 'Français'] as const) {
    await page.goto('/settings/profile');
    await chooseLanguage(page, language);
    for (const path of [...pages, ...settings]) {
      await page.goto(path);
      await expect(page.locator('main').first()).toBeVisible();
      await expectNoProblems(page, `${language} ${path}`);
    }
    await page.goto(general!);
    const header = await page.locator('page-chat header').filter({ has: page.getByTestId('conversation-title') }).boundingBox();
    expect(header!.height, `${language} chat header`).toBeLessThanOrEqual(64);
  }

  const visitor = await browser.newContext(PHONE);
  const signIn = await visitor.newPage();
  for (const path of ['/login', '/register']) {
    await signIn.goto(path);
    await expect(signIn.locator('main').first()).toBeVisible();
    expect(await problems(signIn), path).toEqual({ wider: false, small: [], cut: [] });
  }
  await visitor.close();
  await alice.context.close();
});
