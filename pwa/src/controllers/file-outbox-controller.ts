/**
 * My messages waiting for their files (the client library's file outbox, kept in IndexedDB): what
 * a timeline shows after the op queue's, and the files my sent messages went without. Re-renders the host whenever one changes (a file uploaded,
 * refused or cancelled; a message handed over to the op queue).
 */
import type { FileOutbox, OutgoingMessage, RefusedFiles, VolleyClient } from '@volley/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class FileOutboxController implements ReactiveController {
  #files: FileOutbox | null = null;
  /** Both as last read: the same maps until they change. */
  #read: { entries: ReadonlyMap<string, OutgoingMessage>; refused: ReadonlyMap<string, RefusedFiles> } | null = null;
  #stop: (() => void) | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #volley: () => VolleyClient | undefined;

  constructor(host: ReactiveControllerHost, volley: () => VolleyClient | undefined) {
    this.#host = host;
    this.#volley = volley;
    host.addController(this);
  }

  /** The outbox, once someone is signed in. */
  get files(): FileOutbox | null {
    return this.#files;
  }

  entries(): ReadonlyMap<string, OutgoingMessage> {
    return this.#current().entries;
  }

  /** My sent messages' refused files, by message id. */
  refused(): ReadonlyMap<string, RefusedFiles> {
    return this.#current().refused;
  }

  #current(): { entries: ReadonlyMap<string, OutgoingMessage>; refused: ReadonlyMap<string, RefusedFiles> } {
    this.#read ??= { entries: this.#files?.entries() ?? new Map(), refused: this.#files?.refused() ?? new Map() };
    return this.#read;
  }

  hostUpdate(): void {
    const volley = this.#volley();
    const files = volley?.user ? volley.files() : null;
    if (files === this.#files) return;
    this.#stop?.();
    this.#files = files;
    this.#read = null;
    this.#stop =
      files?.changed.add(() => {
        this.#read = null;
        this.#host.requestUpdate();
      }) ?? null;
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
    this.#files = null;
    this.#read = null;
  }
}
