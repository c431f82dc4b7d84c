/**
 * A code block whose fence names its language shows highlighted: keywords, strings and numbers in
 * colours of their own that keep their contrast in both themes, with no inline style (the content
 * security policy would refuse it); a block with no language stays plain.
 */
import { expect, test } from '@playwright/test';
import { contrastViolations, messages, send, usersInChannel } from './support.js';

test('a ```ts block shows highlighted tokens, readable in the light and the dark theme, with no CSP violation', async ({ browser }) => {
  const [alice] = await usersInChannel(browser, 'coder');
  const { page } = alice;
  const refused: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  await send(page, "```ts\nconst answer: number = 42; // the answer\nexport function ask(q: string) { return 'why'; }\n```");
  await send(page, '```\nplain text, no language\n```');

  const block = messages(page, 'the answer').locator('volley-code-block code');
  await expect(block).toHaveAttribute('data-highlighted', '');
  await expect(block.locator('.hljs-keyword').first()).toHaveText('const');
  await expect(block.locator('.hljs-number')).toHaveText('42');
  await expect(block.locator('.hljs-string')).toHaveText("'why'");
  await expect(block.locator('.hljs-comment')).toHaveText('// the answer');
  // The keyword has a colour of its own, not the text's.
  const colours = await block.evaluate((code) => ({ keyword: getComputedStyle(code.querySelector('.hljs-keyword')!).color, text: getComputedStyle(code).color }));
  expect(colours.keyword).not.toBe(colours.text);
  await expect(messages(page, 'plain text, no language').locator('volley-code-block code')).not.toHaveAttribute('data-highlighted', '');

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.screenshot({ path: test.info().outputPath(`code-${theme}.png`) });
    expect(await contrastViolations(page), theme).toEqual([]);
  }
  expect(refused).toEqual([]);
  await alice.context.close();
});
