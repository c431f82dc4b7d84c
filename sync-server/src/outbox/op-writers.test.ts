import { testDeps } from '@volley/core/testing';
import { BotTokens, conversationPolicy, User } from '@volley/core';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { OpWriters } from './op-writers.js';
import { createUser } from '../sync-server.testing.js';

const deps = await testDeps();

describe('an op whose writing socket this process did not see (another instance, a restart)', () => {
  const convId = newId();
  /** Whether the policy lets the op's writer send into the conversation. */
  const maySend = async (writers: OpWriters, author: { id: string; username: string; botOwnerId: string | null }) =>
    conversationPolicy.tokenReaches(await writers.writer(newId(), author, convId), 'send', convId);

  it('is held to the bot’s live tokens together: refused while all are read-only, let through once one may write', async () => {
    const [owner, bot] = [await createUser(deps), await createUser(deps)];
    await User.query(deps.db).findById(bot.id).patch({ botOwnerId: owner.id });
    const tokens = new BotTokens(deps.db);
    const author = { id: bot.id, username: bot.username, botOwnerId: owner.id };
    const writers = new OpWriters(deps.db);
    expect(await maySend(writers, author)).toBe(false);
    await tokens.mint(bot.id, 'reader', { access: 'read', conversations: null });
    expect(await maySend(writers, author)).toBe(false);
    const { row } = await tokens.mint(bot.id, 'writer', { access: 'read_write', conversations: [convId] });
    expect(await maySend(writers, author)).toBe(true);
    await tokens.revoke(bot.id, row.id);
    expect(await maySend(writers, author)).toBe(false);
  });

  it('is a person’s own when its author is no bot: no scope, and the author’s last address', async () => {
    const person = await createUser(deps);
    expect(await new OpWriters(deps.db).writer(newId(), { id: person.id, username: person.username, botOwnerId: null }, convId)).toEqual({ scope: null, address: null });
  });
});
