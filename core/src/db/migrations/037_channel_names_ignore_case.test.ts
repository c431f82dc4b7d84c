/** Making channel names one in any case must not fail on a database that already has clashing names. */
import { newId } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { testDeps } from '../../core.testing.js';
import { down, up } from './037_channel_names_ignore_case.js';

const deps = await testDeps();

describe('migration 037: channel names ignore case', () => {
  it('keeps clashing channels apart with a suffix, leaves tournament rooms alone, then refuses a clash', async () => {
    const { db } = deps;
    await down(db);
    const long = 'x'.repeat(40);
    const channels = [
      ['Games', 'channel'],
      ['games', 'channel'],
      ['GAMES', 'channel'],
      ['games-2', 'channel'],
      [long, 'channel'],
      [long.toUpperCase(), 'channel'],
    ];
    const ids: string[] = [];
    for (const [name] of channels) {
      const id = newId();
      ids.push(id);
      await db('conversations').insert({ id, kind: 'channel', name, access: 'public' });
    }
    const cup = [newId(), newId()];
    for (const id of cup) await db('conversations').insert({ id, kind: 'channel', name: 'Cup', access: 'private' });
    const owner = newId();
    await db('users').insert({ id: owner, username: `u_${owner.slice(-10).toLowerCase()}`, email: `${owner.toLowerCase()}@example.test`, display_name: 'owner', password_hash: 'not-used' });
    const tournament = (conversationId: string) => ({ id: newId(), name: 'Cup', owner_id: owner, format: 'single_elimination', size: 4, settings: '{}', no_show_ms: 60_000, status: 'open', conversation_id: conversationId });
    await db('tournaments').insert(cup.map(tournament));

    await up(db);

    const names = new Map((await db('conversations').whereIn('id', ids).select('id', 'name')).map((r: { id: string; name: string }) => [r.id, r.name]));
    expect(ids.map((id) => names.get(id))).toEqual(['Games', 'games-3', 'GAMES-4', 'games-2', long, `${'X'.repeat(38)}-2`]);
    // Tournament rooms keep their tournament's name, however many share it.
    expect((await db('conversations').whereIn('id', cup).pluck('name')).sort()).toEqual(['Cup', 'Cup']);
    await expect(db('conversations').insert({ id: newId(), kind: 'channel', name: 'gAmEs', access: 'public' })).rejects.toMatchObject({ constraint: 'conversations_channel_name_lower' });
  });
});
