/**
 * A conversation's notification level, chosen from its header (on a phone, in the menu of more
 * actions): a channel tells of mentions only until "All messages" is chosen, then its ordinary
 * messages are entries of the notifications centre; the choice follows the account to another
 * device; "Nothing" keeps even a mention out. The notification settings list every conversation
 * whose level is not its default, where it is changed or reset. At 360×740 (touch) and 1280×800, in
 * English and French.
 */
import { randomBytes } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { chooseLanguage, joinChannel, joinedChannel, logIn, registeredOn, someone, userIdOf } from './support.js';
import { SCREENS } from './screens.js';
import { sealedWriter } from './encrypted-support.js';

const TEXTS = {
  English: { button: 'Notification level', more: 'More actions', all: 'All messages', mentions: 'Mentions only', nothing: 'Nothing', newMessage: 'new message in', centre: /^Notifications/ },
  Français: { button: 'Niveau de notification', more: 'Plus d’actions', all: 'Tous les messages', mentions: 'Mentions seulement', nothing: 'Rien', newMessage: 'nouveau message dans', centre: /^Alertes/ },
} as const;

type Texts = (typeof TEXTS)[keyof typeof TEXTS];

/** The level's button, found by its name as a person would, after opening the menu of more actions where the header folds it. */
async function levelButton(page: Page, t: Texts) {
  const button = page.getByRole('button', { name: new RegExp(`^${t.button}`) });
  await expect(page.getByTestId('notification-level')).toBeEnabled();
  if (!(await button.isVisible())) await page.getByRole('button', { name: t.more, exact: true }).click();
  await expect(button).toBeVisible();
  return button;
}

async function choose(page: Page, t: Texts, level: 'all' | 'mentions' | 'nothing', shot?: string) {
  await (await levelButton(page, t)).click();
  const option = page.getByRole('menuitemradio', { name: new RegExp(`^${t[level]}`) });
  await expect(option).toBeVisible();
  if (shot) await page.screenshot({ path: test.info().outputPath(`${shot}.png`) });
  // Kept by the server before the test leaves the page (a reload meanwhile would leave it for the next load to send).
  const saved = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/v1/me/notification-settings' && res.request().method() === 'PUT');
  await option.click();
  expect((await saved).ok()).toBe(true);
  // On a phone the menu of more actions closes with the choice: the button is read where it is.
  await expect(page.getByTestId('notification-level')).toHaveAttribute('aria-label', labelOf(t, level));
}

const labelOf = (t: Texts, level: 'all' | 'mentions' | 'nothing') => `${t.button}${t === TEXTS.Français ? ' : ' : ': '}${t[level]}`;

/** The notifications centre's entries, as its button in the app's bar opens it. */
async function centre(page: Page, t: Texts): Promise<string[]> {
  await page.goto('/people');
  await page.getByRole('button', { name: t.centre }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  const texts = await page.getByTestId('notification').allTextContents();
  await page.keyboard.press('Escape');
  return texts;
}

for (const [screen, options] of Object.entries(SCREENS)) {
  for (const language of ['English', 'Français'] as const) {
    test(`a channel's notification level chosen from its header is what notifies, on every device (${screen}, ${language})`, async ({ browser, baseURL }) => {
      test.setTimeout(150_000);
      const t = TEXTS[language];
      const { context, page, user: rita } = await registeredOn(browser as Browser, options, 'rita');

      // Bob, through the client library, makes a channel; Rita joins it, then takes her language.
      const bob = await someone(baseURL, 'bob');
      const { volley, api } = bob;
      const name = `levels-${randomBytes(4).toString('hex')}`;
      const channel = await api<{ id: string }>('POST', '/channels', { name, access: 'public' });
      await joinChannel(page, name);
      await page.goto('/settings/profile');
      await chooseLanguage(page, language);
      await page.goto(`/c/${channel.id}`);

      // A channel tells of mentions only, until "All messages" is chosen.
      await expect(await levelButton(page, t)).toHaveAccessibleName(labelOf(t, 'mentions'));
      await choose(page, t, 'all', `menu-${screen}-${language}`);
      await page.screenshot({ path: test.info().outputPath(`chosen-${screen}-${language}.png`) });
      // Away from the channel, where its messages would be read as they come.
      await page.goto('/people');
      expect((await volley.outbox().send(channel.id, 'the court is free at six')).status).toBe('accepted');
      await expect.poll(() => centre(page, t)).toContainEqual(expect.stringContaining(`1 ${t.newMessage} #${name}`));

      // The same account on another device finds the level chosen.
      const other = await (browser as Browser).newContext(SCREENS.desktop);
      const second = await other.newPage();
      await logIn(second, rita.username, rita.password);
      await second.goto(`/c/${channel.id}`);
      await expect(await levelButton(second, t)).toHaveAccessibleName(new RegExp(`${t.all}$`));
      await other.close();

      // "Nothing": even a mention is no entry.
      await page.goto(`/c/${channel.id}`);
      await choose(page, t, 'nothing');
      await page.goto('/people');
      expect((await volley.outbox().send(channel.id, `@${rita.username} and you bring the ball`)).status).toBe('accepted');
      // Bob's DM to Rita comes after his mention: once its entry shows, the mention was decided.
      const ritaId = (await api<{ items: { id: string; username: string }[] }>('GET', `/users?q=${rita.username}`)).items.find((u) => u.username === rita.username)!.id;
      const dm = await api<{ id: string }>('POST', '/conversations/dm', { userId: ritaId });
      // Encrypted, as every DM with someone who has a device: written from a device of Bob's.
      const fromBob = sealedWriter(bob);
      await fromBob.send(dm.id, ritaId, 'see you there');
      await expect.poll(() => centre(page, t)).toContainEqual(expect.stringContaining(bob.user.username));
      expect((await centre(page, t)).filter((e) => e.includes(name))).toEqual([]);
      await fromBob.close();
      await volley.close();
      await context.close();
    });
  }
}

for (const [screen, options] of Object.entries(SCREENS)) {
  test(`the notification settings list every conversation at a level of its own, changed or reset there (${screen})`, async ({ browser, baseURL }) => {
    test.setTimeout(150_000);
    const t = TEXTS.English;
    const { context, page, user: rita } = await registeredOn(browser as Browser, options, 'rita');

    // A channel raised to all, another muted, a DM lowered to mentions; a channel left at its default.
    const bob = await someone(baseURL, 'bob');
    const raised = await joinedChannel(page, bob, 'raised');
    await choose(page, t, 'all');
    const muted = await joinedChannel(page, bob, 'muted');
    await choose(page, t, 'nothing');
    const plain = await joinedChannel(page, bob, 'plain');
    const dm = await bob.api<{ id: string }>('POST', '/conversations/dm', { userId: await userIdOf(bob, rita.username) });
    await page.goto(`/c/${dm.id}`);
    await choose(page, t, 'mentions');

    await page.goto('/settings/notifications');
    const listed = page.getByTestId('leveled-conversation');
    const rowOf = (convId: string) => listed.filter({ has: page.locator(`a[href="/c/${convId}"]`) });
    await expect(listed).toHaveCount(3);
    await expect(rowOf(raised.id).getByTestId('notification-level')).toHaveAttribute('data-level', 'all');
    await expect(rowOf(muted.id).getByTestId('notification-level')).toHaveAttribute('data-level', 'nothing');
    await expect(rowOf(dm.id).getByTestId('notification-level')).toHaveAttribute('data-level', 'mentions');
    await expect(rowOf(plain.id)).toHaveCount(0);
    await listed.last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`settings-${screen}-English.png`) });

    // Changed there: the DM muted.
    await rowOf(dm.id).getByTestId('notification-level').click();
    await rowOf(dm.id).getByRole('menuitemradio', { name: /^Nothing/ }).click();
    await expect(rowOf(dm.id).getByTestId('notification-level')).toHaveAttribute('data-level', 'nothing');
    // Reset there: the raised channel back at its default, off the list.
    await rowOf(raised.id).getByRole('button', { name: `Reset #${raised.name} to its default level` }).click();
    await expect(listed).toHaveCount(2);

    // In French, the same list in its words; the reset channel's header says its default.
    await page.goto('/settings/profile');
    await chooseLanguage(page, 'Français');
    await page.goto('/settings/notifications');
    await expect(page.getByRole('group', { name: 'Conversations à leur propre niveau' })).toBeVisible();
    await expect(rowOf(muted.id).getByRole('button', { name: `Rétablir le niveau par défaut de #${muted.name}` })).toBeVisible();
    await listed.last().scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`settings-${screen}-Français.png`) });
    await page.goto(`/c/${raised.id}`);
    await expect(page.getByTestId('notification-level')).toHaveAttribute('data-level', 'mentions');
    await bob.volley.close();
    await context.close();
  });
}
