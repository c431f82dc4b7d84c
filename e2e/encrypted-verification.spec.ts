import { expect, test, type Locator, type Page } from '@playwright/test';
import { encryptedDm, rewriteAuthors } from './encrypted-support.js';
import { frenchPhoneUser } from './screens.js';
import { composer, deviceKeysSent, logIn, messages, nodeClient, send, someone, userInBrowser } from './support.js';

const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

/** The seven emoji a verification shows, each as "symbol name". */
async function emojiOf(page: Page): Promise<string[]> {
  const items = page.getByTestId('verify-emoji').getByRole('listitem');
  await expect(items).toHaveCount(7, { timeout: 30_000 });
  return (await items.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}

const symbols = (emoji: string[]) => emoji.map((one) => one.split(' ')[0]);
const trustOf = (message: Locator) => message.getByTestId('sender-trust');

test('two people compare emoji from their encrypted DM, on a desktop in English and a phone in French; then each one’s messages show a lock on the other’s screen', async ({ browser }) => {
  test.setTimeout(150_000);
  const alice = await userInBrowser(browser, 'alice');
  await alice.page.setViewportSize({ width: 1280, height: 800 });
  const bob = await frenchPhoneUser(browser, 'bob');
  await encryptedDm(alice, bob);

  const hello = `bonjour avant ${Date.now()}`;
  await send(bob.page, hello);
  await expect(messages(alice.page, hello)).toHaveCount(1, { timeout: 30_000 });
  const answer = `answer before ${Date.now()}`;
  await send(alice.page, answer);
  await expect(messages(bob.page, answer)).toHaveCount(1, { timeout: 30_000 });
  await expect(trustOf(messages(alice.page, hello))).toHaveAttribute('data-trust', 'unverified');
  await expect(trustOf(messages(bob.page, answer))).toHaveAttribute('data-trust', 'unverified');

  // The conversation's bar says so; Alice asks from the message's own mark. Bob's phone shows the request at once.
  const bar = alice.page.getByTestId('verify-bar');
  await expect(bar).toContainText('are not verified', { timeout: 30_000 });
  await shot(alice.page, 'desktop-en-verify-bar');
  const mark = trustOf(messages(alice.page, hello));
  await expect(mark).toHaveRole('button');
  await mark.click();
  await expect(alice.page.getByTestId('verification')).toContainText(`Waiting for ${bob.user.username} to accept`);
  const asked = bob.page.getByTestId('verification');
  await expect(asked).toContainText(`Vérification demandée par ${alice.user.username}`, { timeout: 30_000 });
  await shot(bob.page, 'phone-fr-verify-request');
  await asked.getByRole('button', { name: 'Accepter' }).tap();

  // Both see the same seven emoji, each named in the reader's language.
  const [onDesktop, onPhone] = [await emojiOf(alice.page), await emojiOf(bob.page)];
  expect(symbols(onPhone)).toEqual(symbols(onDesktop));
  expect(onDesktop.every((one) => /^\S+ \p{L}/u.test(one))).toBe(true);
  await shot(alice.page, 'desktop-en-verify-emoji');
  await shot(bob.page, 'phone-fr-verify-emoji');
  await alice.page.getByRole('button', { name: 'They match' }).click();
  await expect(alice.page.getByTestId('verification')).toContainText(`Waiting for ${bob.user.username} to confirm`);
  await bob.page.getByRole('button', { name: 'Ils correspondent' }).tap();
  await expect(alice.page.getByTestId('verification')).toContainText('Verified', { timeout: 30_000 });
  await expect(asked).toContainText('Vérifié', { timeout: 30_000 });
  // The messages read before show the lock on both sides at once, behind the dialog that says so.
  await expect(trustOf(messages(alice.page, hello))).toHaveAttribute('data-trust', 'verified', { timeout: 30_000 });
  await expect(trustOf(messages(bob.page, answer))).toHaveAttribute('data-trust', 'verified', { timeout: 30_000 });
  await shot(bob.page, 'phone-fr-verified');
  await alice.page.getByRole('button', { name: 'Done' }).click();
  await bob.page.getByRole('button', { name: 'Terminé' }).tap();

  // So do new ones; the bar is gone.
  await expect(bar).toBeHidden();
  await expect(bob.page.getByTestId('verify-bar')).toBeHidden();
  const after = `after verifying ${Date.now()}`;
  await send(alice.page, after);
  await expect(trustOf(messages(bob.page, after))).toHaveAttribute('data-trust', 'verified', { timeout: 30_000 });
  await shot(alice.page, 'desktop-en-verified-conversation');
  await shot(bob.page, 'phone-fr-verified-conversation');

  await bob.context.close();
  await alice.context.close();
});

test('the other person’s new device is shown before anything is sent to it, the text kept; a person verifies their new device with their first, which then reads the history', async ({ browser }) => {
  test.setTimeout(150_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const dmPath = await encryptedDm(alice, bob);
  const first = `first to one device ${Date.now()}`;
  await send(alice.page, first);
  await expect(messages(bob.page, first)).toHaveCount(1, { timeout: 30_000 });

  // Bob signs in on a second browser: a new device of his.
  const secondContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const phone = await secondContext.newPage();
  const keysSent = deviceKeysSent(phone);
  await logIn(phone, bob.user.username, bob.user.password);
  await keysSent;
  await phone.goto(dmPath);
  await expect(phone.getByTestId('restore-bar')).toBeVisible({ timeout: 30_000 });

  // Alice's next message waits for her: the notice names the new device; asking to verify it keeps the text.
  const next = `to the new device ${Date.now()}`;
  await send(alice.page, next);
  const notice = alice.page.getByTestId('new-device');
  await expect(notice).toContainText(`${bob.user.username} has a new device`, { timeout: 30_000 });
  await shot(alice.page, 'desktop-en-new-device');
  await notice.getByRole('button', { name: 'Verify' }).click();
  await expect(alice.page.getByRole('alert').filter({ hasText: 'has a new device you have not verified' })).toBeVisible();
  await expect(composer(alice.page)).toHaveValue(next);
  await expect(messages(bob.page, next)).toHaveCount(0);
  // The request reaches that device, the new one; Bob declines there, and Alice is told nothing was verified.
  const onPhone = phone.getByTestId('verification');
  await expect(onPhone).toContainText(`Verification asked by ${alice.user.username}`, { timeout: 30_000 });
  await onPhone.getByRole('button', { name: 'Decline' }).click();
  await expect(alice.page.getByTestId('verification')).toContainText('The verification stopped', { timeout: 30_000 });
  await alice.page.getByTestId('verification').getByRole('button', { name: 'Close' }).click();
  await expect(composer(alice.page)).toHaveValue(next);
  // Sent anyway: both of Bob's devices read it, and the notice does not come back for that device.
  await composer(alice.page).press('Enter');
  await notice.getByRole('button', { name: 'Send anyway' }).click();
  await expect(messages(phone, next)).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(bob.page, next)).toHaveCount(1, { timeout: 30_000 });
  const later = `no notice again ${Date.now()}`;
  await send(alice.page, later);
  await expect(messages(bob.page, later)).toHaveCount(1, { timeout: 30_000 });
  await expect(notice).toBeHidden();

  // Bob verifies his phone with his first browser, from the bar that offers the history.
  await expect(phone.getByTestId('sealed-reason').first()).toContainText('Can’t read this message yet');
  await expect(messages(phone, first)).toHaveCount(0);
  await phone.getByTestId('restore-bar').getByRole('button', { name: 'Verify with another device' }).click();
  const onLaptop = bob.page.getByTestId('verification');
  await expect(onLaptop).toContainText('Verification asked by your other device', { timeout: 30_000 });
  await onLaptop.getByRole('button', { name: 'Accept' }).click();
  expect(symbols(await emojiOf(phone))).toEqual(symbols(await emojiOf(bob.page)));
  await shot(phone, 'desktop-en-own-device-emoji');
  await phone.getByRole('button', { name: 'They match' }).click();
  await bob.page.getByRole('button', { name: 'They match' }).click();
  await expect(phone.getByTestId('verification')).toContainText('Verified', { timeout: 30_000 });
  await expect(onLaptop).toContainText('Verified', { timeout: 30_000 });
  await phone.getByRole('button', { name: 'Done' }).click();
  // The laptop forwards the key of what was written before the phone existed.
  await expect(messages(phone, first)).toHaveCount(1, { timeout: 30_000 });

  // From Alice's card in the log, Bob asks to verify her too: her browser shows the request (she declines).
  await onLaptop.getByRole('button', { name: 'Done' }).click();
  await messages(bob.page, first).getByTestId('author-name').click();
  await bob.page.getByTestId('user-card').getByTestId('card-verify').click();
  const onAlice = alice.page.getByTestId('verification');
  await expect(onAlice).toContainText(`Verification asked by ${bob.user.username}`, { timeout: 30_000 });
  await onAlice.getByRole('button', { name: 'Decline' }).click();
  await expect(bob.page.getByTestId('verification')).toContainText('The verification stopped', { timeout: 30_000 });

  await secondContext.close();
  await alice.context.close();
  await bob.context.close();
});

test('a server that says someone else wrote a message is caught: the message is refused as unverified, one read already too, never shown under the name it was given', async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const carol = await someone(baseURL, 'carol');
  const convId = (await encryptedDm(alice, bob)).split('/').pop() ?? '';
  const asAlice = nodeClient(baseURL);
  await asAlice.signIn({ login: alice.user.username, password: alice.user.password });

  // Read as written: Alice's words, from her device (not verified by Bob yet).
  const genuine = `genuine words ${Date.now()}`;
  await send(alice.page, genuine);
  await expect(trustOf(messages(bob.page, genuine))).toHaveAttribute('data-trust', 'unverified', { timeout: 30_000 });
  const [read] = (await asAlice.api.request('GET', `/conversations/${convId}/messages`, { schema: (s) => s.HistoryPage })).items;

  // From now on the server Bob's page hears names Carol as the author of what Alice writes.
  await rewriteAuthors(bob.page, convId, { id: asAlice.user?.id ?? '', name: alice.user.username }, { id: carol.volley.user?.id ?? '', name: carol.user.username });
  await bob.page.reload();
  await expect(messages(bob.page, genuine)).toHaveCount(1, { timeout: 30_000 });
  const forged = `forged words ${Date.now()}`;
  await send(alice.page, forged);
  const refused = bob.page.getByTestId('message').filter({ has: bob.page.getByTestId('sealed-reason').filter({ hasText: 'could not be proven to come from its author' }) });
  await expect(refused).toHaveCount(1, { timeout: 30_000 });
  await expect(refused.getByTestId('author-name')).toHaveText(carol.user.username);
  await expect(messages(bob.page, forged)).toHaveCount(0);

  // The message read already is written again by the server (Alice reacts to it), now named as Carol's: refused too, its text gone.
  expect((await asAlice.outbox().react(convId, read?.id ?? '', '👍')).status).toBe('accepted');
  await expect(refused).toHaveCount(2, { timeout: 30_000 });
  await expect(messages(bob.page, genuine)).toHaveCount(0);
  await shot(bob.page, 'rewritten-author-desktop-en');

  await asAlice.close();
  await carol.volley.close();
  await alice.context.close();
  await bob.context.close();
});
