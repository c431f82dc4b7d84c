/**
 * Counts what a game page keeps running — render loops and game sockets — on `<html>` as
 * `data-game-loops` and `data-game-sockets`, so a test can check that leaving the page stops them.
 */
export type LiveThing = 'loops' | 'sockets';

const counts: Record<LiveThing, number> = { loops: 0, sockets: 0 };

export function countLive(thing: LiveThing, delta: 1 | -1): void {
  counts[thing] += delta;
  globalThis.document?.documentElement.setAttribute(`data-game-${thing}`, String(counts[thing]));
}
