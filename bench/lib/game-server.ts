/**
 * Volley's embedded server for the game benchmark, run from sources (no build) in its own process
 * with the game clock's probe: every interval between two ticks is kept and handed to the parent
 * over IPC on request. It also seeds ready games, straight into its own database.
 *
 *   node --import tsx --conditions=source bench/lib/game-server.ts   (spawned by game-ticks.ts)
 */
import { createLogger, createReadyGame, loadConfig } from '@volley/core';
import { GameSettings } from '@volley/shared';
import { startVolley } from '../../server/src/volley.js';

export type GameServerRequest = { type: 'games'; pairs: [string, string][] } | { type: 'ticks' } | { type: 'stop' };
export type GameServerReply = { type: 'ready'; url: string } | { type: 'games'; ids: string[] } | { type: 'ticks'; intervals: number[] };

const intervals: number[] = [];
const config = loadConfig();
const volley = await startVolley(config, createLogger(config.logLevel), { api: { game: { onTick: (ms) => intervals.push(ms) } } });
const reply = (message: GameServerReply) => process.send!(message);
// Long games: the scripted players return most balls, and a game must outlast both measurements.
const settings = GameSettings.parse({ scoreLimit: 21 });

process.on('message', (request: GameServerRequest) => {
  if (request.type === 'games') {
    void Promise.all(request.pairs.map(([leftId, rightId]) => createReadyGame(volley.db, { leftId, rightId, settings, ranked: false }))).then((games) =>
      reply({ type: 'games', ids: games.map((g) => g.id) }),
    );
  } else if (request.type === 'ticks') {
    reply({ type: 'ticks', intervals: intervals.splice(0) });
  } else {
    void volley.close().then(() => process.exit(0));
  }
});
reply({ type: 'ready', url: volley.url });
