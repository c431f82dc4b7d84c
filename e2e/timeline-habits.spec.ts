import { expect, test, type Page } from '@playwright/test';
import { composer, createChannel, joinChannel, messages, newUser, sendThroughClient, submitRegistration } from './support.js';
import { SCREENS } from './screens.js';

// The habits people bring from other chat apps: ↑ in the empty composer edits my last message;
// Ctrl+K (⌘K on a Mac) opens a switcher that goes to a conversation by name, from the keyboard
// alone; "Mark unread" on a message counts the conversation unread from it again, the list's
// badge included. At 1280×800 and 360×740 (touch), in English and French.

const TEXT = {
  en: { edit: 'Edit message', switcher: 'Go to a conversation', actions: 'Message actions', unread: 'Mark unread', count: '2 unread messages', none: 'No conversation matches.', back: 'Back to the conversations' },
  fr: { edit: 'Modifier le message', switcher: 'Aller à une conversation', actions: 'Actions du message', unread: 'Marquer comme non lu', count: '2 messages non lus', none: 'Aucune conversation ne correspond.', back: 'Retour aux conversations' },
};

/** Opens a message's menu as its reader would: a tap on a phone, its "⋯" with a mouse. */
async function openMenu(page: Page, text: string, screen: keyof typeof SCREENS, actions: string) {
  const message = messages(page, text);
  if (screen === 'phone') await message.locator('.body').click();
  else {
    await message.hover();
    await message.getByRole('button', { name: actions }).click();
  }
  return message.getByRole('menu');
}

for (const screen of ['desktop', 'phone'] as const) {
  for (const locale of ['en', 'fr'] as const) {
    test(`↑ edits my last message, Ctrl+K goes to a conversation, Mark unread counts it unread again (${screen}, ${locale})`, async ({ browser, baseURL }) => {
      test.setTimeout(150_000);
      const t = TEXT[locale];
      const context = await browser.newContext(SCREENS[screen]);
      const page = await context.newPage();
      const user = newUser('habits');
      await submitRegistration(page, user);
      await expect(page).not.toHaveURL(/\/register/);
      const stamp = Date.now().toString(36);
      const other = `elsewhere-${stamp}`;
      const otherPath = await createChannel(page, other);
      const name = `habits-${stamp}`;
      const path = await createChannel(page, name);
      await page.evaluate((value) => localStorage.setItem('volley.locale', value), locale);
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('lang', locale);

      // ↑ in the empty composer: my last message's editor, its text there; Enter keeps the change, and the composer has the focus back.
      const said = `said first ${stamp}`;
      for (const text of [`said before ${stamp}`, said]) {
        await composer(page).fill(text);
        await composer(page).press('Enter');
        await expect(messages(page, text)).toHaveAttribute('data-status', 'sent');
      }
      await composer(page).press('ArrowUp');
      // Its text in the field, no longer in the message.
      const editor = page.getByRole('textbox', { name: t.edit });
      await expect(editor).toBeFocused();
      await expect(editor).toHaveValue(said);
      await page.screenshot({ path: test.info().outputPath(`edit-last-${screen}-${locale}.png`) });
      await editor.fill(`said better ${stamp}`);
      await editor.press('Enter');
      await expect(messages(page, `said better ${stamp}`).getByTestId('edited-mark')).toBeVisible();
      await expect(composer(page)).toBeFocused();
      // Not with text in the field: ↑ moves in it.
      await composer(page).fill('a draft');
      await composer(page).press('ArrowUp');
      await expect(page.getByRole('textbox', { name: t.edit })).toHaveCount(0);
      await composer(page).fill('');

      // Ctrl+K: the switcher, narrowed by typing (case and accents aside), Enter opens the one chosen.
      await page.keyboard.press('Control+K');
      const switcher = page.getByRole('dialog', { name: t.switcher });
      const field = switcher.getByRole('combobox', { name: t.switcher });
      await expect(field).toBeFocused();
      await field.pressSequentially(`ÉLSEWHERE-${stamp}`.slice(0, 12));
      await expect(switcher.getByRole('option')).toHaveText([`#${other}`]);
      await expect(switcher.getByRole('option', { name: `#${other}` })).toHaveAttribute('aria-selected', 'true');
      await page.screenshot({ path: test.info().outputPath(`switcher-${screen}-${locale}.png`) });
      await field.press('Enter');
      await expect(switcher).toHaveCount(0);
      await expect(page).toHaveURL(new RegExp(`${otherPath}$`));
      await expect(page.getByTestId('conversation-title')).toContainText(other);
      // ⌘K alike; the latest active first (the one I wrote in), ↓ goes down the list; nothing found says so; Escape closes it, where I was.
      await page.keyboard.press('Meta+K');
      await expect(field).toBeFocused();
      await field.pressSequentially(stamp);
      await expect(switcher.getByRole('option')).toHaveText([`#${name}`, `#${other}`]);
      await expect(switcher.getByRole('option', { name: `#${name}` })).toHaveAttribute('aria-selected', 'true');
      await field.press('ArrowDown');
      await expect(switcher.getByRole('option', { name: `#${other}` })).toHaveAttribute('aria-selected', 'true');
      await field.fill('no such conversation at all');
      await expect(switcher.getByRole('status')).toHaveText(t.none);
      await field.press('Escape');
      await expect(switcher).toHaveCount(0);
      await expect(page).toHaveURL(new RegExp(`${otherPath}$`));
      await page.goto(path);

      // Mark unread: someone else wrote three messages, read here; marked unread from the second, the list counts two again, the divider above it.
      const writer = newUser('writer');
      const writerContext = await browser.newContext();
      const writerPage = await writerContext.newPage();
      await submitRegistration(writerPage, writer);
      await expect(writerPage).not.toHaveURL(/\/register/);
      await joinChannel(writerPage, name);
      await writerContext.close();
      const theirs = [1, 2, 3].map((i) => `theirs ${i} ${stamp}`);
      await sendThroughClient(baseURL, writer, path.split('/').pop()!, theirs);
      await expect(messages(page, theirs[2]!)).toBeVisible();
      const entry = page.getByTestId('conversation').filter({ hasText: name });
      const menu = await openMenu(page, theirs[1]!, screen, t.actions);
      await menu.getByRole('menuitem', { name: t.unread }).click();
      await expect(page.getByTestId('new-messages-divider')).toBeVisible();
      // Between the first and the second, once the log has settled: it may still be scrolling to it, and rendering the divider again.
      await expect
        .poll(async () => {
          const [above, divider, below] = await Promise.all([messages(page, theirs[0]!), page.getByTestId('new-messages-divider'), messages(page, theirs[1]!)].map((l) => l.boundingBox()));
          return !!above && !!divider && !!below && above.y < divider.y && divider.y < below.y;
        })
        .toBe(true);
      if (screen === 'phone') await page.getByRole('link', { name: t.back }).click();
      await expect(entry.getByRole('img', { name: t.count })).toHaveText('2');
      await page.screenshot({ path: test.info().outputPath(`unread-${screen}-${locale}.png`) });
      // Opened again, it is read.
      await page.goto(otherPath);
      await page.goto(path);
      await expect(messages(page, theirs[2]!)).toBeVisible();
      await expect(entry.getByRole('img', { name: t.count })).toHaveCount(0);
      await context.close();
    });
  }
}
