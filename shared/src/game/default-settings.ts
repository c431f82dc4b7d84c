/**
 * The game settings a ranked game is played by, apart from their schema (settings.ts), so that a
 * module the PWA runs at once makes no schema.
 */
export const DEFAULT_GAME_SETTINGS = { ballSpeed: 'normal', paddleSize: 'normal', scoreLimit: 11 } as const;

/** Ratings compare games played by the same rules: a game is ranked when played by the defaults (an invitation's, a tournament's). */
export const isRankedSettings = (settings: { ballSpeed: string; paddleSize: string; scoreLimit: number }): boolean =>
  settings.ballSpeed === DEFAULT_GAME_SETTINGS.ballSpeed && settings.paddleSize === DEFAULT_GAME_SETTINGS.paddleSize && settings.scoreLimit === DEFAULT_GAME_SETTINGS.scoreLimit;
