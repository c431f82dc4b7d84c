/** A typed list of callbacks: `add` returns the function that removes the callback again. */
export class Listeners<Args extends unknown[]> {
  readonly #callbacks = new Set<(...args: Args) => void>();

  add(callback: (...args: Args) => void): () => void {
    this.#callbacks.add(callback);
    return () => this.#callbacks.delete(callback);
  }

  emit(...args: Args): void {
    for (const callback of [...this.#callbacks]) callback(...args);
  }
}
