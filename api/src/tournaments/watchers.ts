/**
 * Who watches which tournament on this process (`/game/tournaments/<id>`, docs/architecture.md §9):
 * each watcher gets the tournament's version with its bracket on opening, and again each time a
 * step moves it on, on whichever api process the step ran (the `tournament.changed` event, which
 * the game host hands to `tell`). The bracket is the same for every viewer, so this process reads
 * it once per version and sends the same frame to all its watchers: before, each watcher's page
 * read the bracket over HTTP at each version (65 readers of a 64-player tournament made 5,000
 * reads of it).
 */
import type { BracketView, CloseCodeValue } from '@volley/shared';

/** A watcher's socket, as far as this needs it: a frame already serialized, the same for all. */
export interface TournamentWatcher {
  readonly userId: string;
  sendText(frame: string): void;
  close(code: CloseCodeValue): void;
}

/** The tournament as it stands: its version, and its bracket read after it (so never older). */
export type ReadTournament = (tournamentId: string) => Promise<{ version: number; bracket: BracketView } | undefined>;

interface Watched {
  watchers: Set<TournamentWatcher>;
  /** The newest version told or seen at opening, and the newest sent. */
  wanted: number;
  sent: number;
  frame: string | null;
  reading: boolean;
}

export class TournamentWatchers {
  readonly #watching = new Map<string, Watched>();

  constructor(
    private readonly read: ReadTournament,
    private readonly onError: (err: unknown, tournamentId: string) => void,
  ) {}

  /** Sends the tournament as it stands now and at every later version; the returned function stops. */
  watch(tournamentId: string, version: number, watcher: TournamentWatcher): () => void {
    let watched = this.#watching.get(tournamentId);
    if (!watched) this.#watching.set(tournamentId, (watched = { watchers: new Set(), wanted: 0, sent: 0, frame: null, reading: false }));
    watched.watchers.add(watcher);
    if (watched.frame) watcher.sendText(watched.frame);
    this.#want(tournamentId, watched, version);
    const entry = watched;
    return () => {
      entry.watchers.delete(watcher);
      if (entry.watchers.size === 0 && this.#watching.get(tournamentId) === entry) this.#watching.delete(tournamentId);
    };
  }

  /** The tournament moved on to `version`. */
  tell(tournamentId: string, version: number): void {
    const watched = this.#watching.get(tournamentId);
    if (watched) this.#want(tournamentId, watched, version);
  }

  /** Those watching now (to check again who may still see what they watch). */
  *watchers(): Iterable<[string, TournamentWatcher]> {
    for (const [id, watched] of this.#watching) for (const watcher of watched.watchers) yield [id, watcher];
  }

  /** One read at a time per tournament; a version told during a read is read after it. */
  #want(tournamentId: string, watched: Watched, version: number): void {
    watched.wanted = Math.max(watched.wanted, version);
    // A newcomer to a tournament already sent at this version has had its frame.
    if (watched.reading || (watched.wanted <= watched.sent && watched.frame)) return;
    watched.reading = true;
    void this.#readUntilCurrent(tournamentId, watched).finally(() => (watched.reading = false));
  }

  async #readUntilCurrent(tournamentId: string, watched: Watched): Promise<void> {
    while (watched.watchers.size > 0 && (watched.wanted > watched.sent || !watched.frame)) {
      const wanted = watched.wanted;
      let found: Awaited<ReturnType<ReadTournament>>;
      try {
        found = await this.read(tournamentId);
      } catch (err) {
        this.onError(err, tournamentId);
        return;
      }
      if (!found) return;
      if (found.version > watched.sent || !watched.frame) {
        watched.sent = found.version;
        watched.frame = JSON.stringify({ t: 'changed', version: found.version, bracket: found.bracket });
        for (const watcher of watched.watchers) watcher.sendText(watched.frame);
      }
      // Read committed: a version told is always there to read; if not, no loop on it.
      if (found.version < wanted) return;
    }
  }
}
