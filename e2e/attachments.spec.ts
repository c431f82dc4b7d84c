import { expect, type Page } from '@playwright/test';
import { test } from '@playwright/test';
import sharp from 'sharp';
import { composer, createChannel, joinChannel, messages, send, serviceWorkerControls, userInBrowser, usersInChannel } from './support.js';

const png = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

/** Pastes files into the composer as a clipboard would (a screenshot is an `image.png`). */
async function paste(page: Page, files: { name: string; type: string; bytes: Buffer }[]): Promise<void> {
  await composer(page).evaluate((field, files) => {
    const data = new DataTransfer();
    for (const { name, type, bytes } of files) data.items.add(new File([new Uint8Array(bytes)], name, { type }));
    field.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
  }, files.map(({ name, type, bytes }) => ({ name, type, bytes: [...bytes] })));
}

/** Picks files with the attach button's file chooser. */
async function attach(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles(files);
}

test('a pasted screenshot is sent and the other member sees its thumbnail, its place kept before it loads; the viewer goes through the pictures; a dropped file is staged once', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const caption = `my screen ${Date.now()}`;

  await paste(alice.page, [
    { name: 'image.png', type: 'image/png', bytes: await png(800, 400, '#c63') },
    { name: 'square.png', type: 'image/png', bytes: await png(300, 300, '#36c') },
  ]);
  // Each pasted file is staged once.
  await expect(alice.page.getByTestId('staged-file')).toHaveCount(2);
  await send(alice.page, caption);
  await expect(alice.page.getByTestId('staged-file')).toHaveCount(0);

  const seen = messages(bob.page, caption);
  await expect(seen).toHaveCount(1, { timeout: 20_000 });
  const thumbnails = seen.getByTestId('attachment-image');
  await expect(thumbnails).toHaveCount(2);
  // The first keeps its 2:1 shape in a 320 px box whether or not its bytes are there yet.
  const box = await thumbnails.first().boundingBox();
  expect([Math.round(box!.width), Math.round(box!.height)]).toEqual([320, 160]);
  const image = thumbnails.first().locator('img');
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320);
  await expect(messages(alice.page, caption)).toHaveAttribute('data-status', 'sent');

  // Full size in the viewer; the arrow key goes to the next picture, Escape leaves.
  await thumbnails.first().click();
  const viewer = bob.page.getByTestId('image-viewer');
  await expect(viewer).toBeVisible();
  await expect(viewer).toContainText('Picture 1 of 2');
  await expect.poll(() => viewer.getByTestId('viewer-image').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
  await bob.page.keyboard.press('ArrowRight');
  await expect(viewer).toContainText('Picture 2 of 2');
  await expect(viewer).toContainText('square.png');
  // Saving asks the server for the file: offline, the viewer says so rather than nothing.
  await bob.context.setOffline(true);
  await viewer.getByRole('button', { name: 'Download' }).click();
  await expect(viewer.getByRole('alert')).toContainText('Cannot reach Volley');
  await bob.context.setOffline(false);
  await bob.page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();

  // A file dropped on the conversation (here on its messages) is staged once; it can be taken back.
  await bob.page.getByTestId('message').first().evaluate((target) => {
    const data = new DataTransfer();
    data.items.add(new File(['dropped'], 'dropped.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true, composed: true }));
  });
  await expect(bob.page.getByTestId('staged-file')).toHaveCount(1);
  await expect(bob.page.getByTestId('staged-file')).toContainText('dropped.txt');
  await bob.page.getByRole('button', { name: 'Remove dropped.txt' }).click();
  await expect(bob.page.getByTestId('staged-file')).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a file attached offline waits through a reload, then is uploaded once and delivered once', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const uploads: string[] = [];
  alice.context.on('requestfinished', (request) => {
    if (request.method() === 'POST' && request.url().includes('/attachments')) uploads.push(request.url());
  });
  await send(alice.page, `before the tunnel ${Date.now()}`);
  await serviceWorkerControls(alice.page);

  await alice.context.setOffline(true);
  const caption = `notes from the tunnel ${Date.now()}`;
  await attach(alice.page, [
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Written underground.\n') },
    { name: 'draft.txt', mimeType: 'text/plain', buffer: Buffer.from('Not for sending.\n') },
  ]);
  await send(alice.page, caption);
  const mine = messages(alice.page, caption);
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine.getByTestId('upload')).toHaveCount(2);
  // One file taken back before it goes.
  await mine.getByRole('button', { name: 'Cancel draft.txt' }).click();
  await expect(mine.getByTestId('upload')).toHaveCount(1);
  await expect(mine.getByTestId('upload')).toContainText('notes.txt');

  await alice.page.reload();
  await expect(mine).toHaveAttribute('data-status', 'pending');
  await expect(mine.getByTestId('upload')).toContainText('notes.txt');
  await expect(messages(bob.page, caption)).toHaveCount(0);

  await alice.context.setOffline(false);
  await expect(mine).toHaveAttribute('data-status', 'sent', { timeout: 30_000 });
  await expect(mine.getByTestId('attachment-file')).toContainText('notes.txt');
  const theirs = messages(bob.page, caption);
  await expect(theirs).toHaveCount(1);
  await expect(theirs.getByTestId('attachment-file')).toHaveCount(1);

  await bob.page.reload();
  await expect(messages(bob.page, caption)).toHaveCount(1);
  await expect(messages(bob.page, caption).getByTestId('attachment-file')).toHaveCount(1);
  await alice.page.reload();
  await expect(messages(alice.page, caption)).toHaveCount(1);
  await expect(messages(alice.page, caption).getByTestId('upload')).toHaveCount(0);
  expect(uploads).toHaveLength(1);

  await alice.context.close();
  await bob.context.close();
});

test('a web page named .png is a text file and a PDF a document, as their bytes say; a download comes with the bearer header', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const caption = `two documents ${Date.now()}`;
  const page = '<!doctype html><script>document.title = "owned"</script><p>not a picture</p>\n';
  await attach(alice.page, [
    { name: 'holiday.png', mimeType: 'image/png', buffer: Buffer.from(page) },
    { name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
  ]);
  await send(alice.page, caption);

  const seen = messages(bob.page, caption);
  await expect(seen.getByTestId('attachment-file')).toHaveCount(2, { timeout: 20_000 });
  await expect(seen.getByTestId('attachment-image')).toHaveCount(0);
  await expect(seen.getByTestId('attachment-file').filter({ hasText: 'holiday.png' })).toHaveAttribute('data-type', 'text/plain');
  await expect(seen.getByTestId('attachment-file').filter({ hasText: 'report.pdf' })).toHaveAttribute('data-type', 'application/pdf');

  const download = bob.page.waitForEvent('download');
  await seen.getByRole('button', { name: 'Download holiday.png' }).click();
  const saved = await download;
  expect(saved.suggestedFilename()).toBe('holiday.png');
  expect(saved.url()).toMatch(/^blob:/);
  const { readFile } = await import('node:fs/promises');
  expect(await readFile((await saved.path())!, 'utf8')).toBe(page);

  // The conversation's files view lists both, and finds one by name.
  await bob.page.getByTestId('open-files').click();
  const view = bob.page.getByTestId('conversation-files');
  await expect(view.getByTestId('shared-file').filter({ hasText: 'holiday.png' })).toHaveCount(1);
  await expect(view.getByTestId('shared-file').filter({ hasText: 'report.pdf' })).toHaveCount(1);
  await view.getByLabel('Search files by name').fill('REPORT');
  await expect(view.getByTestId('shared-file')).toHaveCount(1);
  await expect(view.getByTestId('shared-file')).toContainText('report.pdf');

  await alice.context.close();
  await bob.context.close();
});

test('a file of a type not allowed is refused, said in French beside the message that went with the other one, until dismissed', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  await alice.page.evaluate(() => localStorage.setItem('volley.locale', 'fr'));
  await alice.page.reload();
  const caption = `deux fichiers ${Date.now()}`;
  const chooser = alice.page.waitForEvent('filechooser');
  await alice.page.getByRole('button', { name: 'Joindre des fichiers' }).click();
  await (await chooser).setFiles([
    { name: 'data.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7]) },
    { name: 'ok.txt', mimeType: 'text/plain', buffer: Buffer.from('fine\n') },
  ]);
  await send(alice.page, caption);

  const mine = messages(alice.page, caption);
  await expect(mine).toHaveAttribute('data-status', 'sent', { timeout: 20_000 });
  await expect(mine.getByTestId('attachment-file')).toContainText('ok.txt');
  await expect(mine.getByTestId('refused-files')).toContainText('data.bin');
  await expect(mine.getByTestId('upload-error')).toHaveText('Les fichiers de ce type ne sont pas acceptés.');
  const theirs = messages(bob.page, caption);
  await expect(theirs.getByTestId('attachment-file')).toHaveCount(1);
  await expect(theirs.getByTestId('attachment-file')).toContainText('ok.txt');

  // Still told after a reload, until dismissed.
  await alice.page.reload();
  await expect(messages(alice.page, caption).getByTestId('refused-files')).toContainText('data.bin');
  await messages(alice.page, caption).getByRole('button', { name: 'Compris' }).click();
  await expect(messages(alice.page, caption).getByTestId('refused-files')).toHaveCount(0);

  await alice.context.close();
  await bob.context.close();
});

test('a member removed from a channel is refused its files', async ({ browser }) => {
  const owner = await userInBrowser(browser, 'owner');
  const bob = await userInBrowser(browser, 'bob');
  const name = `files-${Date.now().toString(36)}`;
  await createChannel(owner.page, name);
  await joinChannel(bob.page, name);

  const caption = `the plan ${Date.now()}`;
  await attach(owner.page, [{ name: 'plan.txt', mimeType: 'text/plain', buffer: Buffer.from('Meet at noon.\n') }]);
  await send(owner.page, caption);
  const card = messages(bob.page, caption).getByTestId('attachment-file');
  await expect(card).toContainText('plan.txt', { timeout: 20_000 });
  const id = await card.getAttribute('data-attachment-id');

  /** Bob's own request for the file, with his access token in the header. */
  const read = async () => {
    const { accessToken } = (await (await bob.context.request.post('/api/v1/auth/refresh')).json()) as { accessToken: string };
    return (await bob.context.request.get(`/api/v1/attachments/${id}`, { headers: { authorization: `Bearer ${accessToken}` } })).status();
  };
  expect(await read()).toBe(200);

  await send(owner.page, `/kick @${bob.user.username} `);
  await expect(bob.page.getByTestId('removed-notice')).toBeVisible();
  expect(await read()).toBe(404);

  await owner.context.close();
  await bob.context.close();
});

test('search finds a message by the name of its file, online and offline, and opens it', async ({ browser }) => {
  const [alice, bob] = await usersInChannel(browser, 'alice', 'bob');
  const name = `budget${Date.now().toString(36)}.txt`;
  const caption = `the numbers ${Date.now()}`;
  await attach(alice.page, [{ name, mimeType: 'text/plain', buffer: Buffer.from('1 + 1 = 2\n') }]);
  await send(alice.page, caption);
  await expect(messages(bob.page, caption).getByTestId('attachment-file')).toContainText(name, { timeout: 20_000 });

  const search = async () => {
    await bob.page.getByLabel('Search messages').fill(name.slice(0, -4));
    await bob.page.getByLabel('Search messages').press('Enter');
    const hit = bob.page.getByTestId('search-result').filter({ hasText: name });
    await expect(hit).toHaveCount(1);
    await expect(hit.locator('mark').first()).toHaveText(name.slice(0, -4), { ignoreCase: true });
    return hit;
  };
  await (await search()).click();
  await expect(messages(bob.page, caption)).toBeVisible();
  // Offline, from the segments this device keeps.
  await bob.context.setOffline(true);
  await search();

  await alice.context.close();
  await bob.context.close();
});
