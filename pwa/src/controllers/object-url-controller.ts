/**
 * A picture read as a Blob (through the client library or a device cache) shown by an object URL:
 * loaded when its key changes, the old URL revoked, an answer for an older key dropped, released
 * when the host leaves the page and read again when it comes back (a timeline re-rendered).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ObjectUrlController implements ReactiveController {
  /** The URL to show, or null while loading, on failure, or with nothing to show. */
  url: string | null = null;
  readonly #host: ReactiveControllerHost;
  readonly #key: () => string | null;
  readonly #read: (key: string) => Promise<Blob> | null;
  #loaded: string | null = null;

  /**
   * @param key what is to be shown now (null: nothing), read on each update of the host
   * @param read reads it; null when it cannot be read yet (no client), tried again on the next update
   */
  constructor(host: ReactiveControllerHost, key: () => string | null, read: (key: string) => Promise<Blob> | null) {
    this.#host = host;
    this.#key = key;
    this.#read = read;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#release();
  }

  hostUpdate(): void {
    const key = this.#key();
    if (key === this.#loaded) return;
    this.#release();
    const reading = key === null ? null : this.#read(key);
    if (!reading) return;
    this.#loaded = key;
    reading.then(
      (blob) => {
        if (this.#loaded !== key) return;
        this.url = URL.createObjectURL(blob);
        this.#host.requestUpdate();
      },
      () => undefined,
    );
  }

  #release(): void {
    if (this.url) URL.revokeObjectURL(this.url);
    this.url = null;
    this.#loaded = null;
  }
}
