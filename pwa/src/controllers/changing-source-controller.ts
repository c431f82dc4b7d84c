/**
 * A source of the client library that tells when it changes (`changed`), read for the host: the
 * source is looked up on each update of the host (it comes and goes with the signed-in user), its
 * read kept until it changes, and the host re-rendered when it does.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface ChangingSource {
  readonly changed: { add(listener: () => void): () => void };
}

export class ChangingSourceController<S extends ChangingSource, R> implements ReactiveController {
  #source: S | null = null;
  /** As last read: the same value until the source changes. */
  #read: R | null = null;
  #stop: (() => void) | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #find: () => S | null;
  readonly #readOf: (source: S | null) => R;

  /**
   * @param find the source now, or null (nobody signed in)
   * @param read what the host shows of it (of null: the empty value)
   */
  constructor(host: ReactiveControllerHost, find: () => S | null, read: (source: S | null) => R) {
    this.#host = host;
    this.#find = find;
    this.#readOf = read;
    host.addController(this);
  }

  /** The source, once someone is signed in. */
  get source(): S | null {
    return this.#source;
  }

  /** Its read, made again only after a change. */
  get current(): R {
    this.#read ??= this.#readOf(this.#source);
    return this.#read;
  }

  hostUpdate(): void {
    const source = this.#find();
    if (source === this.#source) return;
    this.#stop?.();
    this.#source = source;
    this.#read = null;
    this.#stop =
      source?.changed.add(() => {
        this.#read = null;
        this.#host.requestUpdate();
      }) ?? null;
  }

  hostDisconnected(): void {
    this.#stop?.();
    this.#stop = null;
    this.#source = null;
    this.#read = null;
  }
}
