import { z } from 'zod';
import { DEFAULT_GAME_SETTINGS } from './default-settings.js';

/** Chosen when a game is created (an invitation, a practice game); ranked games use the defaults. */
export const GameSettings = z.strictObject({
  ballSpeed: z.enum(['slow', 'normal', 'fast']).default(DEFAULT_GAME_SETTINGS.ballSpeed),
  paddleSize: z.enum(['small', 'normal', 'large']).default(DEFAULT_GAME_SETTINGS.paddleSize),
  scoreLimit: z.number().int().min(1).max(21).default(DEFAULT_GAME_SETTINGS.scoreLimit),
});
export type GameSettings = z.infer<typeof GameSettings>;
