import { expect, test, type Page } from '@playwright/test';
import { createChannel, joinChannel, membersThroughClient, messages, send, sendThroughClient, serviceWorkerControls, userInBrowser } from './support.js';

async function scrollToOldest(page: Page, oldest: string): Promise<void> {
  for (let tries = 0; tries < 10 && (await messages(page, oldest).count()) === 0; tries++) {
    await page.getByTestId('message-list').evaluate((list) => list.scrollTo({ top: 0 }));
    await page.waitForTimeout(500);
  }
}

// On a server that seals a segment every 20 messages.
test('a long conversation opens at its head and loads older segments on scroll, then reads them offline', async ({ browser }) => {
  // 45 sends at the account's op rate (5/s after a burst of 20) take a few seconds of their own.
  test.setTimeout(120_000);
  const alice = await userInBrowser(browser, 'alice');
  const name = `long-${Date.now().toString(36)}`;
  await createChannel(alice.page, name, { access: 'public' });

  const stamp = Date.now();
  const line = (i: number) => `line ${i} of ${stamp}`;
  for (let i = 1; i <= 45; i++) await send(alice.page, line(i));
  await expect(messages(alice.page, line(45))).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });

  // A newcomer opens it: the newest messages first, the oldest segment not loaded.
  const bob = await userInBrowser(browser, 'bob');
  await joinChannel(bob.page, name);
  await expect(messages(bob.page, line(45))).toBeVisible();
  await expect(messages(bob.page, line(1))).toHaveCount(0);

  // Scrolling to the top brings the older segments in, each message once.
  await scrollToOldest(bob.page, line(1));
  await expect(messages(bob.page, line(1))).toHaveCount(1);
  await expect(messages(bob.page, line(20))).toHaveCount(1);
  await expect(messages(bob.page, `of ${stamp}`)).toHaveCount(45);

  // What was loaded stays on the device.
  await serviceWorkerControls(bob.page);
  await bob.context.setOffline(true);
  await bob.page.reload();
  await scrollToOldest(bob.page, line(1));
  await expect(messages(bob.page, line(1))).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});

// On the same server: a reader who comes back to a long conversation (it opens from what the device
// kept) and scrolls up with the wheel. Flung to the top, what they see stays put while older messages
// come in above (at 0 the browser's scroll anchoring does not hold it); a notch at a time, they reach
// the first message: each segment comes in as the top is reached, with no scroll event needed at the
// top itself (a log at 0 sends none).
test('scrolling up with the wheel keeps the place and goes through every older segment to the first message', async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const alice = await userInBrowser(browser, 'alice');
  const name = `wheel-${Date.now().toString(36)}`;
  const convId = (await createChannel(alice.page, name, { access: 'public' })).split('/').at(-1)!;
  const stamp = Date.now();
  const line = (i: number) => `wheel ${i} of ${stamp}`;
  const TOTAL = 200;
  await sendThroughClient(baseURL, alice.user, convId, Array.from({ length: TOTAL }, (_, i) => line(i + 1)));

  const bob = await userInBrowser(browser, 'bob');
  await joinChannel(bob.page, name);
  await expect(messages(bob.page, line(TOTAL))).toBeVisible();
  await serviceWorkerControls(bob.page);
  await bob.page.reload();
  await expect(messages(bob.page, line(TOTAL))).toBeVisible();
  await expect(messages(bob.page, line(1))).toHaveCount(0);

  // A fling to the top: while older messages come in above, the reader's place stays where it is.
  const list = bob.page.getByTestId('message-list');
  const log = (await list.boundingBox())!;
  await bob.page.mouse.move(log.x + log.width / 2, log.y + log.height / 2);
  const firstShown = () =>
    list.evaluate((element) => {
      const top = element.getBoundingClientRect().top;
      const first = Array.from(element.querySelectorAll('volley-message')).find((message) => message.getBoundingClientRect().bottom > top);
      return first?.shadowRoot?.textContent?.match(/wheel \d+ of/)?.[0];
    });
  await bob.page.mouse.wheel(0, -20_000);
  await bob.page.waitForTimeout(300);
  const landed = await firstShown();
  expect(landed).toMatch(/^wheel \d+ of$/);
  await bob.page.waitForTimeout(1_500);
  expect(await firstShown()).toBe(landed);

  // The wheel over the log, a notch at a time, as a reader reads back.
  const first = messages(bob.page, line(1));
  const firstInView = async () => {
    const box = (await first.count()) === 1 ? await first.boundingBox() : null;
    return box !== null && box.y >= log.y && box.y + box.height <= log.y + log.height;
  };
  for (let notch = 0; notch < 1_500 && !(await firstInView()); notch++) {
    await bob.page.mouse.wheel(0, -100);
    await bob.page.waitForTimeout(30);
  }
  await expect(first).toBeInViewport();
  await expect(messages(bob.page, `of ${stamp}`).first()).toContainText(line(1));

  await alice.context.close();
  await bob.context.close();
});

// On the same server: a search result far back in the history, beyond the messages rendered.
test('a search result many segments back opens with the history around it, highlighted', async ({ browser }) => {
  test.setTimeout(120_000);
  const alice = await userInBrowser(browser, 'alice');
  const name = `jump-${Date.now().toString(36)}`;
  await createChannel(alice.page, name, { access: 'public' });
  const stamp = Date.now();
  const line = (i: number) => `jump ${i} of ${stamp}`;
  const word = `zanzibar${stamp.toString(36)}`;
  for (let i = 1; i <= 130; i++) await send(alice.page, i === 3 ? `${line(3)} ${word}` : line(i));
  await expect(messages(alice.page, line(130))).toHaveAttribute('data-status', 'sent', { timeout: 60_000 });

  const bob = await userInBrowser(browser, 'bob');
  await joinChannel(bob.page, name);
  await expect(messages(bob.page, line(130))).toBeVisible();
  // Its segment (the seventh from the head) is not loaded.
  await expect(messages(bob.page, line(3))).toHaveCount(0);

  await bob.page.getByLabel('Search messages').fill(word);
  await bob.page.getByLabel('Search messages').press('Enter');
  await bob.page.getByTestId('search-result').filter({ hasText: line(3) }).click();
  const found = messages(bob.page, line(3));
  await expect(found).toBeInViewport();
  await expect(found).toHaveAttribute('data-highlight', '');
  // The history around it came with it: its neighbours, in order.
  await expect(messages(bob.page, line(2))).toHaveCount(1);
  await expect(messages(bob.page, line(4))).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});

// On the same server: one message with 5,000 after it (250 sealed segments back), sent through the
// client library as bots would, then found by a newcomer's search. Eight writers share the 5,000:
// one socket's op frames are paced at 20 a second, and the sending is most of the test's time.
test('a search result 5,000 messages back opens with the history around it, highlighted', async ({ browser, baseURL }) => {
  test.setTimeout(600_000);
  const alice = await userInBrowser(browser, 'alice');
  const name = `far-${Date.now().toString(36)}`;
  const convId = (await createChannel(alice.page, name, { access: 'public' })).split('/').at(-1)!;
  const stamp = Date.now();
  const line = (i: number) => `far ${i} of ${stamp}`;
  const word = `timbuktu${stamp.toString(36)}`;
  const AFTER = 5_000;

  await sendThroughClient(baseURL, alice.user, convId, [line(0), `${line(1)} ${word}`, line(2)]);
  const writers = await membersThroughClient(baseURL, convId, 8);
  await sendThroughClient(baseURL, writers, convId, Array.from({ length: AFTER - 3 }, (_, i) => line(i + 3)));
  const newest = line(AFTER + 1);
  await sendThroughClient(baseURL, alice.user, convId, [line(AFTER), newest]);

  const bob = await userInBrowser(browser, 'bob');
  await joinChannel(bob.page, name);
  await expect(messages(bob.page, newest)).toBeVisible();
  await expect(messages(bob.page, line(1))).toHaveCount(0);

  await bob.page.getByLabel('Search messages').fill(word);
  await bob.page.getByLabel('Search messages').press('Enter');
  await bob.page.getByTestId('search-result').filter({ hasText: line(1) }).click();
  const found = messages(bob.page, line(1));
  await expect(found).toBeInViewport();
  await expect(found).toHaveAttribute('data-highlight', '');
  // The history around it came with it: its neighbours, in order.
  await expect(messages(bob.page, line(0))).toHaveCount(1);
  await expect(messages(bob.page, line(2))).toHaveCount(1);

  await alice.context.close();
  await bob.context.close();
});
