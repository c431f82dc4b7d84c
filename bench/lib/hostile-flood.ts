/**
 * The hostile client of bench/hostile.ts, in its own process so that its pumping does not delay
 * the normal clients' timestamps in the harness:
 *
 *   node --import tsx lib/hostile-flood.ts <syncUrl> <convId> <userId> <token> <attack index> <until ms>
 *
 * Prints one JSON line: the attack's name and the close codes its sockets got.
 */
import { attacks, flood } from './hostile-attacks.js';

const [syncUrl, convId, userId, token, index, until] = process.argv.slice(2);
const attack = attacks[Number(index)]!;
const codes = await flood(`${syncUrl}/${attack.room(convId!, userId!)}`, token!, attack, Number(until));
console.log(JSON.stringify({ name: attack.name, codes }));
process.exit(0);
