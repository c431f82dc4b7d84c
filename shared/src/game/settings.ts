import { z } from 'zod';

/** Chosen when a game is created (an invitation, a practice game); ranked games use the defaults. */
export const GameSettings = z.strictObject({
  ballSpeed: z.enum(['slow', 'normal', 'fast']).default('normal'),
  paddleSize: z.enum(['small', 'normal', 'large']).default('normal'),
  scoreLimit: z.number().int().min(1).max(21).default(11),
});
export type GameSettings = z.infer<typeof GameSettings>;

export const DEFAULT_GAME_SETTINGS: GameSettings = GameSettings.parse({});

/** Ratings compare games played by the same rules: a game is ranked when played by the defaults (an invitation's, a tournament's). */
export const isRankedSettings = (settings: GameSettings): boolean =>
  settings.ballSpeed === DEFAULT_GAME_SETTINGS.ballSpeed && settings.paddleSize === DEFAULT_GAME_SETTINGS.paddleSize && settings.scoreLimit === DEFAULT_GAME_SETTINGS.scoreLimit;
