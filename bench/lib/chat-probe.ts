/**
 * Chat traffic with delivery latency: senders take turns at a fixed total rate, each body carries
 * its send time, and every delivery to every client is a sample.
 */
import { performance } from 'node:perf_hooks';
import type { ChatClient } from './clients.js';

export interface ChatProbe {
  /** Sends at `perSecond` in all until `stop()`; samples taken meanwhile go to the current phase. */
  start(perSecond: number): void;
  stop(): void;
  /**
   * Latencies (ms) recorded since the last call, when each one's message was sent (`sentAt`, in this
   * process's `performance.now()`), and how many messages were sent.
   */
  take(): { samples: number[]; sentAt: number[]; sent: number };
}

export function chatProbe(clients: ChatClient[], senders: ChatClient[]): ChatProbe {
  let samples: number[] = [];
  let sentAt: number[] = [];
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  for (const client of clients) {
    client.onMessage((body) => {
      const at = Number(body.split(' ')[0]);
      if (!Number.isFinite(at)) return;
      samples.push(performance.now() - at);
      sentAt.push(at);
    });
  }
  return {
    start(perSecond) {
      let turn = 0;
      timer = setInterval(() => {
        senders[turn++ % senders.length]!.send(`${performance.now()} bench message`);
        sent++;
      }, 1000 / perSecond);
    },
    stop: () => clearInterval(timer),
    take() {
      const taken = { samples, sentAt, sent };
      samples = [];
      sentAt = [];
      sent = 0;
      return taken;
    },
  };
}
