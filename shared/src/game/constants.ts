/** The game protocol's constants a client runs, apart from its schemas (protocol.ts). */
import { RENEWAL_TOKEN_MAX_LENGTH } from '../socket-auth.js';

/** The largest client frame: a token renewal (an input is some 30 bytes). */
export const GAME_FRAME_MAX_BYTES = RENEWAL_TOKEN_MAX_LENGTH + 64;

/** The reason of the normal close (1000) of a game one player never came to: no match, no rating change. */
export const GAME_ABANDONED = 'abandoned';
/**
 * The reason of the normal close (1000) of a game whose hosting api process died: it ends there,
 * unrated, with no match (docs/architecture.md §6).
 */
export const GAME_HOST_LOST = 'host_lost';
/**
 * The most a tournament frame may weigh: a bracket of 64 players (63 matches, each player's public
 * record) is about 40 KiB; this leaves room for long display names and stays far under the 1 MiB
 * a socket frame may be.
 */
export const TOURNAMENT_FRAME_MAX_BYTES = 256 * 1024;
