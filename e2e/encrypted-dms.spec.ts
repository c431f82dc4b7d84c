import { expect, test, type Page } from '@playwright/test';
import { CryptoDevice } from '@volley/client/e2ee';
import { headerAction, openDm, saveRecoveryKey } from './encrypted-support.js';
import { frenchPhoneUser } from './screens.js';
import { composer, deviceKeysSent, deviceMade, logIn, messages, nodeClient, registeredOn, send, someone, userInBrowser } from './support.js';

async function sendAndWait(page: Page, text: string): Promise<void> {
  await send(page, text);
  await expect(messages(page, text)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
}

test('an encrypted DM: words read on both sides, a second device restores them with the recovery key, and a message written offline arrives once', async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  // Alice has an account but has not signed in to the app since it made devices: she has none yet.
  const away = await someone(baseURL, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const stamp = Date.now();

  // A DM with someone who has no device starts plain (they could read nothing); Bob turns encryption on: it asks first, then the header says so.
  const dmPath = await openDm(bob.page, away.user.username);
  await expect(bob.page.getByTestId('encrypted-lock')).toHaveCount(0);
  await (await headerAction(bob.page, 'Encrypt')).click();
  await expect(bob.page.getByRole('alertdialog')).toContainText('Encrypt this conversation end to end?');
  await bob.page.getByTestId('confirm').click();
  await expect(bob.page.getByTestId('encrypted-lock')).toBeVisible();
  const bobKey = await saveRecoveryKey(bob.page);

  // Alice has no device: nothing could be read by her yet, so nothing is sent and the text stays.
  const first = `first secret ${stamp}`;
  await send(bob.page, first);
  await expect(bob.page.getByRole('alert').filter({ hasText: 'can’t read encrypted messages yet' })).toBeVisible({ timeout: 30_000 });
  await expect(composer(bob.page)).toHaveValue(first);

  // Alice signs in to the app: her device is made then, and Bob's words can go.
  const aliceContext = await browser.newContext();
  const alice = { user: away.user, context: aliceContext, page: await aliceContext.newPage() };
  const device = deviceMade(alice.page);
  await logIn(alice.page, alice.user.username, alice.user.password);
  await device;
  await composer(bob.page).press('Enter');
  await expect(messages(bob.page, first)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  // She opens the DM: the words are there, and her own recovery key is offered.
  await alice.page.goto(dmPath);
  await expect(alice.page.getByTestId('encrypted-lock')).toBeVisible();
  await saveRecoveryKey(alice.page);
  await expect(messages(alice.page, first)).toHaveCount(1, { timeout: 30_000 });
  // Neither has verified the other: each message says so.
  await expect(messages(alice.page, first).getByTestId('sender-trust')).toHaveAttribute('data-trust', 'unverified');
  const reply = `secret reply ${stamp}`;
  await sendAndWait(alice.page, reply);
  await expect(messages(bob.page, reply)).toHaveCount(1, { timeout: 30_000 });

  // What the server relays is ciphertext: the history through the API holds none of the words.
  const convId = dmPath.split('/').pop() ?? '';
  const asBob = nodeClient(baseURL);
  await asBob.signIn({ login: bob.user.username, password: bob.user.password });
  const history = JSON.stringify(await asBob.api.request('GET', `/conversations/${convId}/messages`, { schema: (s) => s.HistoryPage }));
  await asBob.close();
  expect(history).toContain('"encrypted"');
  expect(history).not.toContain('secret');

  // Offline, after a reload, Bob reads on from his device and writes on: encrypted with the conversation's current key, queued, delivered once back online.
  const offline = `offline secret ${stamp}`;
  await bob.context.setOffline(true);
  await bob.page.reload();
  await expect(messages(bob.page, reply)).toHaveCount(1, { timeout: 30_000 });
  // Encrypted once the device has opened its crypto after the reload (its WebAssembly compiled from the cache), then shown as sending.
  await send(bob.page, offline);
  await expect(messages(bob.page, offline)).toHaveCount(1, { timeout: 30_000 });
  await bob.context.setOffline(false);
  await expect(messages(alice.page, offline)).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(bob.page, offline)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });

  // Bob's second device: the messages say why they cannot be read, until his recovery key restores them.
  const second = await browser.newContext();
  const phone = await second.newPage();
  const keysSent = deviceKeysSent(phone);
  await logIn(phone, bob.user.username, bob.user.password);
  await keysSent;
  await phone.goto(dmPath);
  await expect(phone.getByTestId('restore-bar')).toBeVisible({ timeout: 30_000 });
  await expect(phone.getByTestId('sealed-reason').first()).toContainText('Can’t read this message yet');
  await phone.getByTestId('restore-bar').getByRole('button', { name: 'Restore history' }).click();
  await phone.getByLabel('Recovery key').fill('not the key at all');
  await phone.getByRole('button', { name: 'Restore history' }).last().click();
  await expect(phone.getByRole('alert')).toContainText('This is not your recovery key');
  await phone.getByLabel('Recovery key').fill(bobKey);
  await phone.getByRole('button', { name: 'Restore history' }).last().click();
  await expect(phone.getByTestId('restore-bar')).toBeHidden({ timeout: 30_000 });
  for (const text of [first, reply, offline]) await expect(messages(phone, text)).toHaveCount(1, { timeout: 30_000 });
  await second.close();

  // Bob has devices now: a new DM with him is encrypted from its first message, nothing to turn on.
  const carol = await userInBrowser(browser, 'carol');
  const withCarol = await openDm(carol.page, bob.user.username);
  await expect(carol.page.getByTestId('encrypted-lock')).toBeVisible();
  await saveRecoveryKey(carol.page);
  const hello = `hello from carol ${stamp}`;
  await sendAndWait(carol.page, hello);
  await bob.page.goto(withCarol);
  await expect(bob.page.getByTestId('encrypted-lock')).toBeVisible();
  await expect(messages(bob.page, hello)).toHaveCount(1, { timeout: 30_000 });

  await carol.context.close();
  await alice.context.close();
  await bob.context.close();
  await away.volley.close();
});

test('an encrypted DM on a phone in French and on a desktop in English: the lock, the recovery key, each message’s author as far as the device can vouch', async ({ browser }) => {
  test.setTimeout(180_000);
  const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });
  const alice = await userInBrowser(browser, 'alice');
  const bob = await frenchPhoneUser(browser, 'bob');

  // Alice, on her desktop, opens a DM with Bob: encrypted from its first message, nothing to turn on.
  const dmPath = await openDm(alice.page, bob.user.username);
  await expect(alice.page.getByTestId('encrypted-lock')).toBeVisible();
  // The recovery key is offered, never in the way: the composer takes text while the bar waits.
  const aliceBar = alice.page.getByTestId('save-key-bar');
  await expect(aliceBar).toContainText('Save your recovery key', { timeout: 30_000 });
  await composer(alice.page).fill('a draft');
  await expect(composer(alice.page)).toHaveValue('a draft');
  await composer(alice.page).fill('');
  await shot(alice.page, 'desktop-en-recovery-bar');
  await alice.page.setViewportSize({ width: 360, height: 740 });
  await shot(alice.page, 'phone-en-recovery-bar');
  await alice.page.setViewportSize({ width: 1280, height: 800 });
  await aliceBar.getByRole('button', { name: 'Show the key' }).click();
  await expect(alice.page.getByTestId('recovery-key')).toBeVisible();
  await shot(alice.page, 'desktop-en-recovery-key');
  await alice.page.getByTestId('recovery-saved').click();
  await expect(aliceBar).toBeHidden();

  // Bob opens it on his phone: the lock in the header, his own recovery key, in French.
  await bob.page.goto(dmPath);
  await expect(bob.page.getByTestId('encrypted-lock')).toBeVisible();
  const bobBar = bob.page.getByTestId('save-key-bar');
  await expect(bobBar).toContainText('Enregistrez votre clé de récupération', { timeout: 30_000 });
  await shot(bob.page, 'phone-fr-recovery-bar');
  await bob.page.setViewportSize({ width: 1280, height: 800 });
  await shot(bob.page, 'desktop-fr-recovery-bar');
  await bob.page.setViewportSize({ width: 360, height: 740 });
  // Not said saved: after a reload the same key is offered again, never lost.
  await bobBar.getByRole('button', { name: 'Afficher la clé' }).tap();
  const bobKey = await bob.page.getByTestId('recovery-key').textContent();
  await bob.page.reload();
  await bob.page.getByTestId('save-key-bar').getByRole('button', { name: 'Afficher la clé' }).tap();
  await expect(bob.page.getByTestId('recovery-key')).toHaveText(bobKey ?? '');
  await expect(bob.page.getByRole('heading', { name: 'Enregistrez votre clé de récupération' })).toBeVisible();
  await shot(bob.page, 'phone-fr-recovery-key');
  await bob.page.getByTestId('recovery-saved').tap();
  await expect(bob.page.getByTestId('save-key-bar')).toBeHidden();

  const hello = `bonjour chiffré ${Date.now()}`;
  await send(bob.page, hello);
  await expect(messages(alice.page, hello)).toHaveCount(1, { timeout: 30_000 });
  const answer = `encrypted answer ${Date.now()}`;
  await send(alice.page, answer);
  await expect(messages(bob.page, answer)).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(bob.page, answer).getByTestId('sender-trust')).toHaveText('Non vérifié');
  await expect(messages(alice.page, hello).getByTestId('sender-trust')).toHaveText('Not verified');
  // The list shows the last message as the device read it, never its ciphertext (the server's preview of it is empty).
  const row = alice.page.getByTestId('conversation').filter({ hasText: bob.user.username });
  await expect(row).toContainText(`You: ${answer}`);
  await expect(row).not.toContainText('algorithm');
  // The mark sits beside the text, never over it.
  const body = await messages(bob.page, answer).getByTestId('message-body').boundingBox();
  expect(body?.width).toBeGreaterThan(100);
  await shot(bob.page, 'phone-fr-conversation');
  await shot(alice.page, 'desktop-en-conversation');

  await bob.context.close();
  await alice.context.close();
});

test('words from a bot’s device (the client library) read in the app; read once, they show again from the device without its crypto', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  // No service worker: it would answer the page's requests for the app's code from its cache, and one is refused below.
  const reader = await registeredOn(browser, { serviceWorkers: 'block' }, 'reader');
  const bot = await someone(baseURL, 'bot');
  const botId = bot.volley.user?.id ?? '';
  const device = await CryptoDevice.open({ api: bot.volley.api, userId: botId, deviceId: 'BOT' });

  // The bot has a device: the DM the reader opens with it is encrypted from the start, the reader's device made then.
  const dmPath = await openDm(reader.page, bot.user.username);
  await expect(reader.page.getByTestId('encrypted-lock')).toBeVisible();
  await saveRecoveryKey(reader.page);
  const convId = dmPath.split('/').pop() ?? '';
  const { items } = await bot.api<{ items: { id: string; peer: { id: string } | null }[] }>('GET', '/conversations');
  const readerId = items.find((conversation) => conversation.id === convId)?.peer?.id ?? '';

  const words = [1, 2, 3].map((n) => `from the bot ${n} ${Date.now()}`);
  for (const body of words) expect(await bot.volley.outbox().sendEncrypted(convId, await device.encrypt(convId, [botId, readerId], { body, msgtype: 'm.text' }))).toMatchObject({ status: 'accepted' });
  for (const body of words) await expect(messages(reader.page, body)).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(reader.page, words[2]!).getByTestId('sender-trust')).toHaveAttribute('data-trust', 'unverified');

  // The crypto module cannot be fetched now: what the device read and kept still shows, as read, mark included.
  await reader.page.route(/\/assets\/e2ee-[\w-]+\.js$/, (route) => route.abort());
  await reader.page.reload();
  for (const body of words) await expect(messages(reader.page, body)).toHaveCount(1, { timeout: 30_000 });
  await expect(messages(reader.page, words[2]!).getByTestId('sender-trust')).toHaveAttribute('data-trust', 'unverified');
  await expect(reader.page.getByTestId('sealed-reason')).toHaveCount(0);

  device.close();
  await bot.volley.close();
  await reader.context.close();
});

test('a bot’s device is shown as a bot’s: its messages say so, and the new device it makes when it restarts, signed with its own key, is taken without asking', async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const person = await userInBrowser(browser, 'maker');
  const owner = nodeClient(baseURL);
  await owner.signIn({ login: person.user.username, password: person.user.password });
  const bot = await owner.api.request('POST', '/bots', { body: { username: `helper_${Date.now().toString(36)}` }, schema: (s) => s.Bot });
  const { token } = await owner.api.request('POST', `/bots/${bot.id}/tokens`, { body: { name: 'e2e', scope: { access: 'read_write', conversations: null } }, schema: (s) => s.CreatedBotToken });
  /** One run of the bot's process: a client on its token and a device in memory, as `examples/encrypted-echo-bot.ts` has. */
  const run = async (deviceId: string) => {
    const client = nodeClient(baseURL, { token });
    await client.me();
    return { client, device: await CryptoDevice.open({ api: client.api, userId: bot.id, deviceId }) };
  };
  const first = await run('HELPER-1');
  const recoveryKey = await first.device.setUpRecovery();

  // The bot has a device: the DM with it is encrypted; its words carry the bot's mark, not a button to compare emoji.
  const dm = await owner.api.request('POST', '/conversations/dm', { body: { userId: bot.id }, schema: (s) => s.Conversation });
  expect(dm.encrypted).toBe(true);
  await person.page.goto(`/c/${dm.id}`);
  await saveRecoveryKey(person.page);
  const members = [bot.id, owner.user?.id ?? ''];
  const hello = `hello from the bot ${Date.now()}`;
  expect(await first.client.outbox().sendEncrypted(dm.id, await first.device.encrypt(dm.id, members, { body: hello, msgtype: 'm.text' }))).toMatchObject({ status: 'accepted' });
  const mark = messages(person.page, hello).getByTestId('sender-trust');
  await expect(mark).toHaveAttribute('data-trust', 'bot', { timeout: 30_000 });
  await expect(mark).toHaveText('Bot’s device');
  // Nor does the DM offer to compare emoji with it.
  await expect(person.page.getByTestId('verify-bar')).toHaveCount(0);
  await person.page.screenshot({ path: test.info().outputPath('bot-device-desktop-en.png') });

  // It restarts with nothing kept but its recovery key: a new device, signed with the bot's own key, the old one removed.
  first.device.close();
  await first.client.close();
  const second = await run('HELPER-2');
  expect(await second.device.recover(recoveryKey)).toBe(true);
  await second.client.api.request('DELETE', '/e2ee/devices/HELPER-1');
  // The person writes on with no question about a new device, and the bot's new device reads it.
  const question = `still there ${Date.now()}`;
  await sendAndWait(person.page, question);
  await expect(person.page.locator('volley-new-device')).toHaveCount(0);
  const conversation = await second.client.conversation(dm.id, 0);
  await expect.poll(() => conversation.messages().length, { timeout: 30_000 }).toBe(2);
  await second.device.sync();
  expect(await second.device.decrypt(dm.id, conversation.messages()[1]!)).toMatchObject({ ok: true, message: { body: question } });

  second.device.close();
  await second.client.close();
  await owner.close();
  await person.context.close();
});

test('a device whose making was cut short (the owner’s keys never reached the server) is finished on the next visit, signed as its owner’s', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const dana = await someone(baseURL, 'dana');
  const erin = await userInBrowser(browser, 'erin');
  const context = await browser.newContext();
  const page = await context.newPage();

  // Signed in, the page makes the device; its owner's cross-signing keys are lost on the way (as when the page is left at once).
  await page.route('**/api/v1/e2ee/keys/cross-signing', (route) => route.abort(), { times: 1 });
  const cut = page.waitForRequest((request) => request.url().endsWith('/api/v1/e2ee/keys/cross-signing'));
  await logIn(page, dana.user.username, dana.user.password);
  await cut;
  const me = `@${dana.volley.user?.id}:volley`;
  const keysOf = () => dana.api<{ master_keys: Record<string, unknown>; device_keys: Record<string, Record<string, { signatures: Record<string, Record<string, string>> }>> }>('POST', '/e2ee/keys/query', { device_keys: { [me]: [] } });
  expect((await keysOf()).master_keys[me]).toBeUndefined();

  // The next visit that needs the device (an encrypted DM) finishes it: the keys are made again and the device signed by them.
  const signed = deviceMade(page);
  await openDm(page, erin.user.username);
  await expect(page.getByTestId('encrypted-lock')).toBeVisible();
  await signed;
  const keys = await keysOf();
  expect(keys.master_keys[me]).toBeDefined();
  const devices = Object.values(keys.device_keys[me] ?? {});
  expect(devices).toHaveLength(1);
  expect(Object.keys(devices[0]?.signatures[me] ?? {})).toHaveLength(2);
  await saveRecoveryKey(page);
  const hello = `finished device ${Date.now()}`;
  await sendAndWait(page, hello);
  await erin.page.goto(new URL(page.url()).pathname);
  await expect(messages(erin.page, hello)).toHaveCount(1, { timeout: 30_000 });

  await context.close();
  await erin.context.close();
  await dana.volley.close();
});
