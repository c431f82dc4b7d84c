/**
 * The chat benchmarks' traffic and its timing (sync-latency.ts, scale-out-delivery.ts): messages
 * sent round-robin over the rooms and their members at a fixed rate, each delivery to another
 * member timed once; a second delivery of a message to one client is counted, not timed.
 */
import { performance } from 'node:perf_hooks';
import type { ChatClient } from './clients.js';

export interface SendPlan {
  sendsPerSecond: number;
  /** Sends during the warm-up are delivered but not timed. */
  warmupMs: number;
  seconds: number;
  /** How many members of each room send, the first ones (all of them when absent). */
  senders?: number;
  /** Called once, as the warm-up ends and the first timed message is about to go. */
  onWarm?: () => void;
}

export class TimedSends<Member extends { client: ChatClient }> {
  /** Messages sent, warm-up included. */
  sent = 0;
  /** Messages sent after the warm-up. */
  timedSent = 0;
  /** Timed deliveries expected: each message sent after the warm-up, to every other member of its room. */
  expected = 0;
  received = 0;
  duplicates = 0;
  private readonly sentAt = new Map<number, { at: number; sender: Member; timed: boolean }>();

  /** Listens on every member now: call before the clients sync, so that nothing is missed. */
  constructor(
    private readonly groups: Member[][],
    timed: (ms: number, sender: Member, receiver: Member) => void,
  ) {
    for (const member of groups.flat()) {
      const seen = new Set<string>();
      member.client.onMessage((body) => {
        if (seen.has(body)) return void this.duplicates++;
        seen.add(body);
        const sent = this.sentAt.get(Number(body.slice(2)));
        if (!sent || sent.sender === member || !sent.timed) return;
        this.received++;
        timed(performance.now() - sent.at, sent.sender, member);
      });
    }
  }

  get lost(): number {
    return this.expected - this.received;
  }

  /**
   * Sends for the warm-up and `seconds` more, then waits for the late deliveries (a saturated server
   * shows its real latency, not "all lost"), up to 30 s, and 1 s after the last.
   */
  async run({ sendsPerSecond, warmupMs, seconds, senders = Infinity, onWarm }: SendPlan): Promise<void> {
    const start = performance.now();
    let warm = false;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        if (elapsed > warmupMs + seconds * 1000) {
          clearInterval(timer);
          return resolve();
        }
        for (const due = Math.floor((elapsed / 1000) * sendsPerSecond); this.sent < due; this.sent++) {
          const group = this.groups[this.sent % this.groups.length]!;
          const sender = group[Math.floor(this.sent / this.groups.length) % Math.min(senders, group.length)]!;
          const timed = elapsed > warmupMs;
          if (timed && !warm) {
            warm = true;
            onWarm?.();
          }
          if (timed) {
            this.expected += group.length - 1;
            this.timedSent++;
          }
          this.sentAt.set(this.sent, { at: performance.now(), sender, timed });
          sender.client.send(`b:${this.sent}`);
        }
      }, 2);
    });
    const drainedBy = performance.now() + 30_000;
    while (this.received < this.expected && performance.now() < drainedBy) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
