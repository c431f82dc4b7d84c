/** Counts events in fixed windows: a cheap flood detector, one per socket. */
export class RateWindow {
  private started = 0;
  private count = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Records an event; false once more than `limit` happened in the current window. */
  allow(now = Date.now()): boolean {
    if (now - this.started >= this.windowMs) {
      this.started = now;
      this.count = 0;
    }
    return ++this.count <= this.limit;
  }
}
