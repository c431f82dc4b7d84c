import { expect, test, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { startStandInPushService, type StandInPushService, type TestDevice } from '../core/src/push/push-service.testing.js';
import { encryptedDm } from './encrypted-support.js';
import { E2E_PUSH_PORT, messages, openSettings, send, userInBrowser, type TestUser } from './support.js';

// The push service the main e2e server was told of (PUSH_SERVICE_ORIGINS): pushes are posted to it, decrypted as a device would.
let service: StandInPushService;
test.beforeAll(async () => {
  service = await startStandInPushService(E2E_PUSH_PORT);
});
test.afterAll(() => service.close());

/** The signed-in user's id, from the "Me" link of the navigation. */
async function myId(page: Page): Promise<string> {
  const href = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Me', exact: true }).getAttribute('href');
  return href!.split('/').pop()!;
}

/** A phone of `user`'s: a session of its own (signed in over the API), whose device subscribes to the push service. */
async function phoneOf(request: APIRequestContext, user: TestUser): Promise<TestDevice> {
  const login = await request.post('/api/v1/auth/login', { data: { login: user.username, password: user.password } });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const device = service.device();
  const subscribed = await request.post('/api/v1/me/push-subscriptions', { data: device.subscription, headers: { authorization: `Bearer ${accessToken}` } });
  expect(subscribed.status()).toBe(201);
  return device;
}

const pushesTo = (device: TestDevice) => service.received.filter((p) => device.subscription.endpoint.endsWith(`/${p.device}`));

/**
 * The push worker in `page`'s browser, as the app registers it when the device subscribes
 * (src/pwa/web-push.ts; the subscription itself is the stand-in's, made over the API).
 */
async function withPushWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.register('/push-worker.js', { scope: '/push/' });
    while (!registration.active) await new Promise((resolve) => setTimeout(resolve, 50));
  });
}

/** Hands `data` to the push worker as its push service would (DevTools' "Push"), in a page of `context`. */
async function deliverToServiceWorker(context: BrowserContext, page: Page, data: string): Promise<void> {
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const live = registrations.find((r) => !r.isDeleted && r.scopeURL.endsWith('/push/'));
      if (live) resolve(live.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.deliverPushMessage', { origin: new URL(page.url()).origin, registrationId: await registration, data });
}

/** A click on the notification the app's service worker shows, as the system would send it. */
async function clickNotification(context: BrowserContext): Promise<void> {
  const worker = context.serviceWorkers().find((w) => w.url().endsWith('/push-worker.js')) ?? (await context.waitForEvent('serviceworker', { predicate: (w) => w.url().endsWith('/push-worker.js') }));
  await worker.evaluate(async () => {
    const scope = self as unknown as { registration: ServiceWorkerRegistration; NotificationEvent: new (type: string, init: { notification: Notification }) => Event; dispatchEvent(event: Event): boolean };
    const [notification] = await scope.registration.getNotifications();
    scope.dispatchEvent(new scope.NotificationEvent('notificationclick', { notification: notification! }));
  });
}

/** The notifications the push worker shows. */
const shown = (page: Page) =>
  page.evaluate(async () => ((await (await navigator.serviceWorker.getRegistration('/push/'))?.getNotifications()) ?? []).map((n) => ({ title: n.title, body: n.body, navigate: (n.data as { navigate?: string } | null)?.navigate })));

test('Web Push: a mention of someone with no tab open reaches their device with the sender and the text, shown by the service worker; the device is listed with its session and dropped once its push service says it is gone', async ({ browser, playwright, baseURL }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const request = await playwright.request.newContext({ baseURL });
  const device = await phoneOf(request, bob.user);
  // His sessions page lists it: the phone's session, notifications on.
  await openSettings(bob.page, 'Sessions');
  await expect(bob.page.getByTestId('session')).toHaveCount(2);
  await expect(bob.page.getByTestId('session').filter({ has: bob.page.getByTestId('session-push') })).not.toContainText('this device');
  await expect(bob.page.getByTestId('session-push')).toHaveCount(1);

  // Bob closes the app; Alice mentions him in #general. (Their DM would be end-to-end encrypted,
  // its push carrying no text: the last test.)
  await bob.page.close();
  const generalPath = (await alice.page.getByTestId('conversation').filter({ hasText: '#general' }).getAttribute('href')) ?? '';
  const lunch = `@${bob.user.username} lunch at noon? the usual place`;
  await send(alice.page, lunch);
  await expect(messages(alice.page, 'lunch at noon?')).toHaveAttribute('data-status', 'sent');
  await expect.poll(() => pushesTo(device).length).toBe(1);
  const [push] = pushesTo(device);
  expect(push!.payload.notification).toMatchObject({ title: `${alice.user.username} in #general`, body: lunch });
  expect(new URL(push!.payload.notification.navigate).pathname).toBe(generalPath);

  // The same payload, handed to his browser's service worker, shows as a system notification.
  await bob.context.grantPermissions(['notifications']);
  const page = await bob.context.newPage();
  await page.goto('/');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await withPushWorker(page);
  await deliverToServiceWorker(bob.context, page, JSON.stringify(push!.payload));
  // The push worker starts for it: on a loaded machine that may take seconds.
  await expect.poll(() => shown(page), { timeout: 30_000 }).toEqual([{ title: `${alice.user.username} in #general`, body: lunch, navigate: push!.payload.notification.navigate }]);
  // Clicked, it takes his open window to the conversation.
  await clickNotification(bob.context);
  await expect(page).toHaveURL(new RegExp(`${generalPath}(#.*)?$`));
  await expect(messages(page, 'lunch at noon?')).toBeVisible();

  // The push service says the phone is gone: the next push drops it, and the sessions page no longer lists it.
  await page.close();
  service.answer(device, [410]);
  // A message is pushed only to someone no sync server sees online, as decided when it is recorded:
  // the tab just closed may count until its presence lapses, and a message meanwhile gets no push.
  await alice.page.waitForTimeout(8_000);
  await send(alice.page, `@${bob.user.username} are you there?`);
  await expect(messages(alice.page, 'are you there?')).toHaveAttribute('data-status', 'sent');
  await expect.poll(() => service.requests(device)).toBe(2);
  const again = await bob.context.newPage();
  await again.goto('/');
  await openSettings(again, 'Sessions');
  await expect(async () => {
    await again.reload();
    await expect(again.getByTestId('session')).toHaveCount(2);
    await expect(again.getByTestId('session-push')).toHaveCount(0, { timeout: 1000 });
  }).toPass();
  expect(pushesTo(device)).toHaveLength(1);
  await Promise.all([alice.context.close(), bob.context.close(), request.dispose()]);
});

test('the settings made in the app are what pushes follow: a conversation muted from its header pushes no mention and is listed by name with its level, "sender only" keeps the text off the device', async ({ browser, playwright, baseURL }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const bobId = await myId(bob.page);
  const request = await playwright.request.newContext({ baseURL });
  const device = await phoneOf(request, bob.user);

  // Bob mutes #general from its header and asks for the sender only on a locked screen.
  await bob.page.getByRole('button', { name: 'Notification level: Mentions only' }).click();
  await bob.page.getByRole('menuitemradio', { name: /^Nothing/ }).click();
  await expect(bob.page.getByRole('button', { name: 'Notification level: Nothing' })).toBeVisible();
  await openSettings(bob.page, 'Notifications');
  const listed = bob.page.getByTestId('leveled-conversation');
  await expect(listed.getByRole('link')).toHaveText(['#general']);
  await expect(listed.getByTestId('notification-level')).toHaveAttribute('data-level', 'nothing');
  const saved = bob.page.waitForResponse((r) => r.url().endsWith('/me/notification-settings') && r.request().method() === 'PUT');
  await bob.page.getByLabel('The sender only').check();
  expect((await saved).status()).toBe(200);
  await bob.page.close();

  // A mention in #general pushes nothing; a direct message pushes who, not what.
  await send(alice.page, `@${bob.user.username} the secret plan is on`);
  await expect(messages(alice.page, 'the secret plan')).toHaveAttribute('data-status', 'sent');
  await alice.page.goto(`/u/${bobId}`);
  await alice.page.getByRole('button', { name: 'Message' }).click();
  await expect(alice.page).toHaveURL(/\/c\//);
  await send(alice.page, 'the code is 4812');
  await expect(messages(alice.page, 'the code is 4812')).toHaveAttribute('data-status', 'sent');
  await expect.poll(() => pushesTo(device).length).toBe(1);
  const [push] = pushesTo(device);
  expect(push!.payload.notification).toMatchObject({ title: alice.user.username, body: 'sent you a message' });
  expect(JSON.stringify(push!.payload)).not.toContain('4812');
  await Promise.all([alice.context.close(), bob.context.close(), request.dispose()]);
});

test('an encrypted DM’s push carries who wrote and the ciphertext, never the words; the service worker reads them with the device’s keys, with no tab open, and says only who wrote when it cannot', async ({ browser, playwright, baseURL }) => {
  test.setTimeout(120_000);
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const request = await playwright.request.newContext({ baseURL });
  const device = await phoneOf(request, bob.user);
  await encryptedDm(alice, bob);
  // Bob's device reads a first message: the session Alice writes with is shared with it.
  await send(alice.page, 'a first word between us');
  await expect(messages(bob.page, 'a first word between us')).toBeVisible({ timeout: 30_000 });

  // Bob closes the app; once no server sees him, Alice's next message is pushed.
  await bob.page.close();
  await alice.page.waitForTimeout(8_000);
  const words = 'meet me at the old pier at six';
  await send(alice.page, words);
  await expect(messages(alice.page, words)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect.poll(() => pushesTo(device).length, { timeout: 30_000 }).toBe(1);
  const [push] = pushesTo(device);
  expect(push!.payload.notification).toMatchObject({ title: alice.user.username, body: 'sent you a message' });
  expect(push!.payload.sealed).toMatchObject({ convId: expect.any(String), author: expect.any(String) });
  expect(JSON.stringify(push!.payload)).not.toContain('pier');

  // Handed to Bob's browser, where his device's keys are, with no page of the app open: its worker shows the words.
  await bob.context.grantPermissions(['notifications']);
  const page = await bob.context.newPage();
  await page.goto('/healthz');
  await withPushWorker(page);
  await deliverToServiceWorker(bob.context, page, JSON.stringify(push!.payload));
  await expect.poll(() => shown(page), { timeout: 30_000 }).toEqual([{ title: alice.user.username, body: words, navigate: push!.payload.notification.navigate }]);

  // A ciphertext its keys do not open (altered on the way) shows who wrote, never an error.
  const altered = { ...push!.payload, notification: { ...push!.payload.notification, tag: 'altered' }, sealed: { ...push!.payload.sealed!, body: push!.payload.sealed!.body.replace(/"ciphertext":"(.)/, (_, c: string) => `"ciphertext":"${c === 'A' ? 'B' : 'A'}`) } };
  await deliverToServiceWorker(bob.context, page, JSON.stringify(altered));
  await expect.poll(async () => (await shown(page)).map((n) => n.body).sort(), { timeout: 30_000 }).toEqual(['sent you a message', words].sort());
  await Promise.all([alice.context.close(), bob.context.close(), request.dispose()]);
});
