import { expect, test } from '@playwright/test';
import { composer, messages, send, serviceWorkerControls, userInBrowser } from './support.js';

test('two users see each other’s messages in #general live, and history after a reload', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');

  const hello = `hello from alice ${Date.now()}`;
  await send(alice.page, hello);
  await expect(messages(alice.page, hello)).toHaveAttribute('data-status', 'sent');
  await expect(messages(bob.page, hello)).toHaveCount(1);
  await expect(messages(bob.page, hello)).toContainText(alice.user.username);

  const reply = `bob answers ${Date.now()}`;
  await send(bob.page, reply);
  await expect(messages(alice.page, reply)).toHaveCount(1);
  await expect(composer(bob.page)).toHaveValue('');

  // Markup in a message is shown as text, never run.
  const markup = `<img src=x onerror="window.__pwned=1"> <b>bold</b> ${Date.now()}`;
  await send(alice.page, markup);
  await expect(messages(bob.page, markup)).toHaveCount(1);
  expect(await bob.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  await bob.page.reload();
  await expect(messages(bob.page, hello)).toHaveCount(1);
  await expect(messages(bob.page, reply)).toHaveAttribute('data-status', 'sent');

  await alice.context.close();
  await bob.context.close();
});

test('offline: the shell and history load from the device, a message sent offline is delivered once when the network returns', async ({ browser }) => {
  const alice = await userInBrowser(browser, 'alice');
  const bob = await userInBrowser(browser, 'bob');
  const before = `before the tunnel ${Date.now()}`;
  await send(alice.page, before);
  await expect(messages(alice.page, before)).toHaveAttribute('data-status', 'sent');
  await serviceWorkerControls(alice.page);

  await alice.context.setOffline(true);
  await alice.page.reload();
  await expect(composer(alice.page)).toBeVisible();
  await expect(messages(alice.page, before)).toHaveCount(1);
  await expect(alice.page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');

  const inTunnel = `written in the tunnel ${Date.now()}`;
  await send(alice.page, inTunnel);
  await expect(messages(alice.page, inTunnel)).toHaveAttribute('data-status', 'pending');
  await alice.page.reload();
  await expect(messages(alice.page, inTunnel)).toHaveAttribute('data-status', 'pending');
  await expect(messages(bob.page, inTunnel)).toHaveCount(0);

  await alice.context.setOffline(false);
  await expect(messages(alice.page, inTunnel)).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(messages(bob.page, inTunnel)).toHaveCount(1);
  await expect(alice.page.getByTestId('connection')).toHaveAttribute('data-state', 'online');

  // Delivered once, and still once for someone who opens the conversation afresh, or for Alice
  // reloading with nothing left to send.
  await bob.page.reload();
  await expect(messages(bob.page, inTunnel)).toHaveCount(1);
  await expect(messages(alice.page, inTunnel)).toHaveCount(1);
  await alice.page.reload();
  await expect(messages(alice.page, inTunnel)).toHaveAttribute('data-status', 'sent');
  await expect(messages(alice.page, inTunnel)).toHaveCount(1);
  await expect(alice.page.getByTestId('sync-progress')).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});
