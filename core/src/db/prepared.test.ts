/**
 * A statement compiled once from knex's builder answers each run with that run's values, as the
 * builder's own query would, on PostgreSQL and on PGlite alike.
 */
import type { Knex } from 'knex';
import { expect, it } from 'vitest';
import { testDeps } from '../core.testing.js';
import { compiledOnce } from './prepared.js';

const { db } = await testDeps();

it('runs with each run’s values, the same rows as the builder’s query', async () => {
  const names = ['alpha', 'bravo', 'charlie', 'delta'];
  const table = db.raw(`(values ${names.map((_, i) => `(?, ${i})`).join(', ')}) as t(name, n)`, names);
  const build = (from: Knex.Value, to: Knex.Value) => db.select('name').from(table).where('n', '>=', from).where('n', '<', to).orderBy('n');
  const between = compiledOnce<'from' | 'to', { name: string }>(db, 'prepared_test_between', ['from', 'to'], (at) => build(at.from, at.to));

  for (const [from, to] of [
    [0, 2],
    [1, 4],
    [3, 3],
  ] as const) {
    const rows = await between({ from, to });
    expect(rows.map((row) => row.name)).toEqual(names.slice(from, Math.max(from, to)));
    expect(rows).toEqual(await build(from, to));
  }
});

it('refuses a build that computes with a value instead of binding it', () => {
  expect(() => compiledOnce<'at', unknown>(db, 'prepared_test_unbound', ['at'], (at) => db.select(db.raw(`'${at.at.length}' as n`)))).toThrow(/at not bound/);
});
