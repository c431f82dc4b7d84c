/**
 * The Python bot of docs/bots.md ("A whole bot in Python"), run as a reader copies it from there:
 * the listing is the test's program. It needs a Python 3 with `pycrdt` and `websockets`
 * (`VOLLEY_PYTHON`, else `python3`); without them the test is skipped and says why.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { account, botAccount, signedIn, testVolley, waitFor } from '@volley/client/testing';
import { describe, expect, it } from 'vitest';

const python = process.env.VOLLEY_PYTHON ?? 'python3';
const usable = spawnSync(python, ['-c', 'import pycrdt, websockets'], { encoding: 'utf8' }).status === 0;
if (!usable) console.warn(`the Python bot test is skipped: ${python} cannot import pycrdt and websockets (set VOLLEY_PYTHON)`);

/** The first ```python block after the heading "A whole bot in Python". */
function listing(): string {
  const docs = readFileSync(new URL('../docs/bots.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('### A whole bot in Python'));
  const code = /```python\n([\s\S]*?)```/.exec(section);
  if (code?.[1] === undefined) throw new Error('docs/bots.md has no Python listing under "A whole bot in Python"');
  return code[1];
}

describe.skipIf(!usable)('a bot in Python, written from docs/ alone', () => {
  const volley = testVolley();

  it('fits in 60 lines, answers a mention in #general by an op frame, and hears a DM opened after it started', async () => {
    const program = listing();
    expect(program.trimEnd().split('\n').length).toBeLessThanOrEqual(60);
    const file = join(mkdtempSync(join(tmpdir(), 'volley-py-')), 'echo_bot.py');
    writeFileSync(file, program);

    const { bot, token } = await botAccount(volley(), 'pybot');
    const { person, general } = await account(volley(), 'alice');
    let output = '';
    const running: ChildProcess = spawn(python, [file], { env: { ...process.env, VOLLEY_URL: volley().url, VOLLEY_TOKEN: token } });
    running.stdout?.on('data', (chunk) => (output += chunk));
    running.stderr?.on('data', (chunk) => (output += chunk));
    try {
      await waitFor(() => output.includes('is listening'), 20_000);
      const alice = await signedIn(volley(), person);
      const world = await alice.conversation(general);
      const asked = await alice.outbox().send(general, `@${bot.username} bonjour 🏓`);
      expect(asked.status).toBe('accepted');
      const echo = await waitFor(() => world.messages().find((m) => m.author === bot.id), 20_000);
      expect(echo).toMatchObject({ body: 'bonjour 🏓', replyTo: { id: asked.id } });

      // A conversation that did not exist when the bot started: the bot follows it too.
      const dm = await person.call('POST', '/conversations/dm', { userId: bot.id });
      expect(dm.status).toBe(201);
      const dmId = (dm.body as { id: string }).id;
      const direct = await alice.conversation(dmId);
      const again = await alice.outbox().send(dmId, `@${bot.username} are you there?`);
      expect(again.status).toBe('accepted');
      const answer = await waitFor(() => direct.messages().find((m) => m.author === bot.id), 20_000);
      expect(answer).toMatchObject({ body: 'are you there?', replyTo: { id: again.id } });

      // Each mention is answered once, and the op frames' answers reached the bot.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(world.messages().filter((m) => m.author === bot.id)).toHaveLength(1);
      expect(output.match(/ accepted/g)?.length).toBe(2);
    } finally {
      running.kill();
    }
  }, 90_000);
});
