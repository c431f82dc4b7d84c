/**
 * The embedded database gives back what compaction deletes: under churn (appends, then each room's
 * log compacted into one row, again and again) its update log stays the size of what it holds,
 * where without vacuum it grows by every update ever appended. PGlite only: PostgreSQL has its
 * own autovacuum.
 */
import { expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { UpdateLog } from '../rooms/update-log.js';
import { testDeps } from '../core.testing.js';
import { EmbeddedUpkeep } from './embedded-upkeep.js';

const deps = await testDeps();

it.skipIf(process.env.DATABASE_URL)('keeps the update log the size of its rows under churn', async () => {
  const { db } = deps;
  const log = new UpdateLog(db);
  const upkeep = new EmbeddedUpkeep(db, { everyMs: 3_600_000, log: createLogger('silent') });
  const docs = Array.from({ length: 10 }, () => new Y.Doc());
  const churn = async (rounds: number) => {
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        docs.map(async (doc, i) => {
          for (let n = 0; n < 30; n++) {
            const before = Y.encodeStateVector(doc);
            doc.getArray('messages').push([{ body: 'x'.repeat(100), n }]);
            await log.append(`upkeep.${i}`, Y.encodeStateAsUpdate(doc, before));
          }
        }),
      );
      for (let i = 0; i < docs.length; i++) await log.compact(`upkeep.${i}`);
      await upkeep.pass();
    }
  };
  const size = async () => (await db.raw<{ rows: { bytes: number }[] }>("select pg_total_relation_size('sync_updates')::int as bytes")).rows[0]!.bytes;

  await churn(3);
  const settled = await size();
  await churn(12);
  // Each room's one row grew a little (its document holds more messages); the dead rows are gone.
  expect(await size()).toBeLessThan(1.5 * settled);
  await upkeep.stop();
});
