import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { chooseLanguage, createChannel, newUser, register, send, userInBrowser, type TestUser } from './support.js';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

/** The header's controls as a person finds them, by their accessible names, in each language. */
const NAMES = {
  English: { members: 'Members', invite: 'Invite to Pong', files: 'Files', level: /^Notification level: /, levelShown: { channel: 'Mentions only', dm: 'All messages' }, colour: 'Colour', profile: 'View profile', search: 'Search messages', more: 'More actions' },
  Français: { members: 'Membres', invite: 'Inviter au Pong', files: 'Fichiers', level: /^Niveau de notification : /, levelShown: { channel: 'Mentions seulement', dm: 'Tous les messages' }, colour: 'Couleur', profile: 'Voir le profil', search: 'Rechercher des messages', more: 'Plus d’actions' },
} as const;

const header = (page: Page) => page.getByRole('banner').filter({ has: page.getByTestId('conversation-title') });

/**
 * The header as laid out: whether the conversation's name shows whole, the visible controls (and
 * the connection status) that overlap one another or the name or stick out of the header, and the
 * controls that show no text of their own yet have no tooltip.
 */
function layoutOf(page: Page) {
  return header(page).evaluate((root) => {
    const all: Element[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const el of Array.from(node.children)) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
        walk(el);
      }
    };
    walk(root);
    const shown = (el: Element) => el.checkVisibility({ visibilityProperty: true }) && el.getBoundingClientRect().width > 1;
    const nameOf = (el: Element) => el.getAttribute('aria-label') ?? (el.closest('label')?.textContent ?? el.textContent ?? '').trim().slice(0, 30);
    const title = all.find((el) => el.matches('[data-testid="conversation-title"]')) as HTMLElement;
    const items = [
      { name: 'the name', box: title.getBoundingClientRect() },
      ...all
        .filter((el) => el.matches('a[href], button, input, select, volley-connection-status') && shown(el))
        .map((el) => ({ name: `${el.tagName.toLowerCase()} "${nameOf(el)}"`, box: el.getBoundingClientRect() })),
    ];
    const bounds = root.getBoundingClientRect();
    const overlapping: string[] = [];
    items.forEach((a, i) =>
      items.slice(i + 1).forEach((b) => {
        const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (x > 0.5 && y > 0.5) overlapping.push(`${a.name} × ${b.name}`);
      }),
    );
    const outside = items.filter(({ box }) => box.left < bounds.left - 0.5 || box.right > bounds.right + 0.5).map(({ name }) => name);
    // Text the control shows: a label hidden by the header's CSS does not count.
    const showsText = (el: Element) => {
      const texts = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) if (node.textContent?.trim() && node.parentElement?.checkVisibility()) return true;
      return false;
    };
    const untitled = all.filter((el) => el.matches('a[href], button') && shown(el) && !showsText(el) && !el.getAttribute('title')).map(nameOf);
    return { boxes: items.map(({ name, box }) => `${name} ${Math.round(box.left)}-${Math.round(box.right)}`), name: title.textContent, whole: title.scrollWidth <= title.clientWidth, overlapping, outside, untitled };
  });
}

/** `whole`: the name shows in full (a phone's header has room for a short one only). Taken as a screenshot too, to be looked at. */
async function expectReadableHeader(page: Page, name: string, where: string, whole = true) {
  await expect(page.getByTestId('conversation-title')).toHaveText(name);
  // The header's later parts (search, notification level, colour) have come: the header has its final layout.
  await expect(header(page).getByTestId('notification-level')).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath(`${where.replace(/[^\w]+/g, '-')}.png`) });
  const layout = await layoutOf(page);
  expect.soft(layout, where).toMatchObject({ name, ...(whole ? { whole } : {}), overlapping: [], outside: [], untitled: [] });
}

/** Each of the header's controls is found by its accessible name, on screen or in the menu of more actions. */
async function expectNamedControls(page: Page, language: keyof typeof NAMES, kind: 'channel' | 'dm') {
  const names = NAMES[language];
  const bar = header(page);
  if (kind === 'channel') await expect(bar.getByRole('button', { name: names.members, exact: true })).toBeVisible();
  await expect(bar.getByRole('searchbox', { name: names.search })).toBeVisible();
  const more = bar.getByRole('button', { name: names.more, exact: true });
  if (await more.isVisible()) await more.click();
  if (kind === 'dm') await expect(bar.getByRole('link', { name: names.profile, exact: true })).toBeVisible();
  for (const name of [names.invite, names.files]) await expect(bar.getByRole('button', { name, exact: true })).toBeVisible();
  await expect(bar.getByRole('button', { name: names.level })).toBeVisible();
  await expect(bar.getByRole('combobox', { name: names.colour, exact: true })).toBeVisible();
  if (await more.isVisible()) await more.click();
}

/** The same account in a phone's browser, signed in as a person does with a finger. */
async function onPhone(browser: Browser, user: TestUser) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Username or email').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).tap();
  await expect(page.getByTestId('conversation').first()).toBeVisible();
  return { context, page };
}

test('the conversation’s name stays readable beside every header control, in English and French, wide and narrow', async ({ browser }) => {
  test.setTimeout(180_000);
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  const alice = newUser('hdr');
  await register(page, alice);
  const bob = await userInBrowser(browser, 'peer');

  // A channel with a long name, 24 characters with its "#" (its owner has every button, the colour
  // too), and a DM with Bob (a username of 15).
  const channelName = `header-${randomBytes(8).toString('hex')}`;
  const channelPath = await createChannel(page, channelName);
  await page.goto('/people');
  await page.getByLabel('Search people').fill(bob.user.username);
  await page.getByTestId('search-result').filter({ hasText: bob.user.username }).click();
  await page.getByRole('button', { name: 'Message' }).click();
  await expect(page.getByTestId('conversation-title')).toHaveText(bob.user.username);
  const dmPath = new URL(page.url()).pathname;
  await send(page, 'hello');
  const phone = await onPhone(browser, alice);

  for (const language of ['English', 'Français'] as const) {
    for (const p of [page, phone.page]) {
      await p.goto('/settings/profile');
      await chooseLanguage(p, language);
    }
    for (const [kind, path, name] of [['channel', channelPath, `#${channelName}`], ['dm', dmPath, bob.user.username]] as const) {
      await page.setViewportSize(DESKTOP.viewport);
      await page.goto(path);
      await expectReadableHeader(page, name, `${kind}, ${language}, 1280×800`);
      await expectNamedControls(page, language, kind);
      // A wide screen has room for every label.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await expectReadableHeader(page, name, `${kind}, ${language}, 1920×1080`);
      await expect(header(page).getByText(NAMES[language].levelShown[kind], { exact: true })).toBeVisible();
      await page.setViewportSize({ width: 1024, height: 768 });
      await expectReadableHeader(page, name, `${kind}, ${language}, 1024×768`);
      // A tablet's width: the less used actions are in the menu of more actions.
      await page.setViewportSize({ width: 800, height: 800 });
      await expectReadableHeader(page, name, `${kind}, ${language}, 800×800`);
      await expectNamedControls(page, language, kind);
      await page.getByRole('button', { name: NAMES[language].more, exact: true }).click();
      await page.screenshot({ path: test.info().outputPath(`${kind}-${language}-800-menu.png`) });
      await page.getByRole('button', { name: NAMES[language].more, exact: true }).click();

      await phone.page.goto(path);
      await expectReadableHeader(phone.page, name, `${kind}, ${language}, phone`, false);
      await expectNamedControls(phone.page, language, kind);
      await phone.page.getByRole('button', { name: NAMES[language].more, exact: true }).tap();
      await phone.page.screenshot({ path: test.info().outputPath(`${kind}-${language}-phone-menu.png`) });
      await phone.page.getByRole('button', { name: NAMES[language].more, exact: true }).tap();
    }
  }
  await phone.context.close();
  await context.close();
  await bob.context.close();
});

test('the pinned messages’ list closes when another conversation opens', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'pins');
  const { page } = alice;
  const channel = `pins-${randomBytes(4).toString('hex')}`;
  await createChannel(page, channel);
  const pinned = (p: Page): Locator => p.getByRole('region', { name: 'Pinned' });
  await page.getByTestId('pinned-button').click();
  await expect(pinned(page)).toBeVisible();
  await page.getByTestId('conversation').filter({ hasText: 'general' }).click();
  await expect(page.getByTestId('conversation-title')).toHaveText('#general');
  await expect(pinned(page)).toHaveCount(0);
  await expect(page.getByTestId('pinned-button')).toHaveAttribute('aria-expanded', 'false');
  // Opened again, it lists this conversation's pins.
  await page.getByTestId('pinned-button').click();
  await expect(pinned(page)).toBeVisible();
  await alice.context.close();
});
