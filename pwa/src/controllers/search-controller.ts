/**
 * A search as you type: debounced, paginated ("load more"), answers to an older query dropped.
 * Its errors are its own (`form`): a search answering late neither blocks nor clears what an
 * action of the same view (a join, an invitation) said.
 */
import { ApiError } from '@volley/client';
import { isWellFormedText } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FormController } from './form-controller.js';

const DEBOUNCE_MS = 300;

export interface SearchPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SearchOptions<T> {
  fetch: (q: string, cursor: string | null) => Promise<SearchPage<T>>;
  /** Whether an empty query searches too (lists everything) or clears the results. */
  emptySearches?: boolean;
}

export class SearchController<T> implements ReactiveController {
  query = '';
  results: T[] = [];
  nextCursor: string | null = null;
  /** True once an answer for the current query arrived. */
  searched = false;
  /** The search's own submit cycle: whether it is loading, and its error to show. */
  readonly form: FormController;
  readonly #host: ReactiveControllerHost;
  readonly #options: SearchOptions<T>;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost, options: SearchOptions<T>) {
    this.#host = host;
    this.#options = options;
    this.form = new FormController(host, () => []);
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
  }

  /** For the search field's `input` event. */
  readonly onInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.load(), DEBOUNCE_MS);
  };

  /** Runs the current query again from its first page, or fetches its next page. */
  async load({ more = false } = {}): Promise<void> {
    const q = this.query;
    if (q === '' && !this.#options.emptySearches) {
      this.results = [];
      this.nextCursor = null;
      this.searched = false;
      this.#host.requestUpdate();
      return;
    }
    await this.form.submit(async () => {
      // A lone surrogate cannot even be put in the address: said here, like the server would.
      if (!isWellFormedText(q)) throw ApiError.refusedField('q');
      const page = await this.#options.fetch(q, more ? this.nextCursor : null);
      if (q !== this.query) return;
      this.results = more ? [...this.results, ...page.items] : page.items;
      this.nextCursor = page.nextCursor;
      this.searched = true;
    });
    // What was typed while this answer was awaited was not sent (one submission at a time): its
    // answer was dropped above, so the query as it stands now goes out.
    if (q !== this.query) await this.load();
  }
}
