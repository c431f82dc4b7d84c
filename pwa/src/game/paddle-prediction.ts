/**
 * Predicts my own paddle so it answers my keys at once, and reconciles with the server.
 *
 * Every local tick moves the predicted paddle with `movePaddle` and is remembered with the input
 * seq in force. A snapshot says where the server had my paddle at its tick and which of my inputs
 * it had applied (`ack`). The first snapshot acknowledging an input tells how far the server's
 * clock runs ahead of mine (my tick t first moved with it, the server shows it applied at its
 * tick S: offset S − t, one-way latency included; the smallest of the last few, the least
 * delayed, is used). A snapshot at server tick S therefore shows my paddle as of my tick
 * S − offset: the prediction is the server's position with my later ticks replayed on it.
 * When nothing is acknowledged yet, the unacknowledged ticks are replayed.
 */
import { movePaddle, type Direction, type GameSettings } from '@volley/shared';

interface LocalTick {
  tick: number;
  seq: number;
  dir: Direction;
}

/** Longer than any round trip worth predicting over (2 s). */
const MAX_HISTORY = 120;
/** Recent enough that a pause or a change of route washes out of the offset. */
const OFFSET_SAMPLES = 8;

export class PaddlePrediction {
  /** The predicted centre y of my paddle. */
  y: number;
  #dir: Direction = 0;
  #seq = 0;
  #tick = 0;
  #history: LocalTick[] = [];
  /** Input seq → my first tick moving with it, until acknowledged. */
  #sentAt = new Map<number, number>();
  /** The offsets the latest acknowledgements gave; the smallest (the least-delayed) is used. */
  #offsets: number[] = [];
  #lastAck = 0;

  constructor(
    y: number,
    private readonly settings: GameSettings,
  ) {
    this.y = y;
  }

  get direction(): Direction {
    return this.#dir;
  }

  /**
   * Sets my direction; returns the input frame to send, or null when it did not change.
   * `again` says it anyway (a new connection, where the server starts from still).
   */
  steer(dir: Direction, again = false): { t: 'input'; seq: number; dir: Direction } | null {
    if (dir === this.#dir && !again) return null;
    this.#dir = dir;
    this.#seq += 1;
    this.#sentAt.set(this.#seq, this.#tick + 1);
    return { t: 'input', seq: this.#seq, dir };
  }

  /** One local 60 Hz tick. */
  tick(): void {
    this.#tick += 1;
    this.y = movePaddle(this.y, this.#dir, this.settings);
    this.#history.push({ tick: this.#tick, seq: this.#seq, dir: this.#dir });
    if (this.#history.length > MAX_HISTORY) this.#history.shift();
  }

  /** Takes the server's word: where it had my paddle at `serverTick`, having applied my inputs up to `ack`. */
  reconcile(serverTick: number, serverY: number, ack: number): void {
    if (ack > this.#lastAck) {
      const madeAt = this.#sentAt.get(ack);
      if (madeAt !== undefined) this.#offsets = [...this.#offsets, serverTick - madeAt].slice(-OFFSET_SAMPLES);
      for (const seq of this.#sentAt.keys()) if (seq <= ack) this.#sentAt.delete(seq);
      this.#lastAck = ack;
    }
    const seenUpTo = this.#offsets.length === 0 ? null : serverTick - Math.min(...this.#offsets);
    this.#history = this.#history.filter((t) => (seenUpTo === null ? t.seq > ack : t.tick > seenUpTo));
    let y = serverY;
    for (const t of this.#history) y = movePaddle(y, t.dir, this.settings);
    this.y = y;
  }
}
