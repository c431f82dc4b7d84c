/**
 * Who watches which tournament on this process (`/game/tournaments/<id>`, docs/architecture.md §9):
 * each watcher gets the tournament's version on opening, and again each time a step moves it on, on
 * whichever api process the step ran (the `tournament.changed` event, which the game host hands to
 * `tell`). The page reads the tournament again when the version is not the one it shows.
 */
import type { TournamentServerFrame } from '@volley/shared';

/** A watcher's socket, as far as this needs it. */
export interface TournamentWatcher {
  send(frame: TournamentServerFrame): void;
}

export class TournamentWatchers {
  readonly #watching = new Map<string, Set<TournamentWatcher>>();

  /** Sends `version` now and every later one; the returned function stops. */
  watch(tournamentId: string, version: number, watcher: TournamentWatcher): () => void {
    let watchers = this.#watching.get(tournamentId);
    if (!watchers) this.#watching.set(tournamentId, (watchers = new Set()));
    watchers.add(watcher);
    watcher.send({ t: 'changed', version });
    return () => {
      watchers.delete(watcher);
      if (watchers.size === 0 && this.#watching.get(tournamentId) === watchers) this.#watching.delete(tournamentId);
    };
  }

  /** The tournament moved on to `version`. */
  tell(tournamentId: string, version: number): void {
    for (const watcher of this.#watching.get(tournamentId) ?? []) watcher.send({ t: 'changed', version });
  }
}
