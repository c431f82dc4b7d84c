import { testDeps } from '@volley/core/testing';
import { BotTokens, User } from '@volley/core';
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { OpWriters } from './op-writers.js';
import { createUser } from '../sync-server.testing.js';

const deps = await testDeps();

describe('an op whose writing socket this process did not see (another instance, a restart)', () => {
  const send = { op: 'send' as const, convId: newId(), body: 'hi', at: new Date().toISOString() };

  it('is held to the bot’s live tokens together: refused while all are read-only, let through once one may write', async () => {
    const [owner, bot] = [await createUser(deps), await createUser(deps)];
    await User.query(deps.db).findById(bot.id).patch({ botOwnerId: owner.id });
    const tokens = new BotTokens(deps.db);
    const actor = { id: bot.id, botOwnerId: owner.id };
    const scopes = new OpWriters(deps.db);
    expect(await scopes.refusal(newId(), actor, send)).toEqual({ kind: 'rejected', reason: 'token_scope' });
    await tokens.mint(bot.id, 'reader', { access: 'read', conversations: null });
    expect(await scopes.refusal(newId(), actor, send)).toEqual({ kind: 'rejected', reason: 'token_scope' });
    const { row } = await tokens.mint(bot.id, 'writer', { access: 'read_write', conversations: [send.convId] });
    expect(await scopes.refusal(newId(), actor, send)).toBeNull();
    await tokens.revoke(bot.id, row.id);
    expect(await scopes.refusal(newId(), actor, send)).toEqual({ kind: 'rejected', reason: 'token_scope' });
  });

  it('is a person’s own when its author is no bot', async () => {
    const person = await createUser(deps);
    expect(await new OpWriters(deps.db).refusal(newId(), { id: person.id, botOwnerId: null }, send)).toBeNull();
  });
});
