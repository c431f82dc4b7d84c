/**
 * A stand-in push service for the benchmarks: a real HTTP server taking RFC 8030 POSTs, answering
 * 201 after a set delay (a real service takes tens of milliseconds), counting what it accepted and
 * how many requests it held at once. It decrypts nothing: a test does that (core's stand-in); here
 * its CPU would be taken from the server under test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface BenchPushService {
  origin: string;
  /** Requests answered 201, and when the last of them came (performance.now()). */
  accepted: number;
  lastAt: number;
  /** Requests that did not look like a push (no VAPID authorization, not aes128gcm). */
  malformed: number;
  /** The most requests in flight at once. */
  maxInFlight: number;
  /** Resolves once `count` pushes were accepted, or rejects after `ms`. */
  acceptedAtLeast(count: number, ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchPushService(delayMs: number): Promise<BenchPushService> {
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const server = createServer((req, res) => {
    inFlight++;
    service.maxInFlight = Math.max(service.maxInFlight, inFlight);
    req.resume();
    req.on('end', () => {
      const push = req.headers['content-encoding'] === 'aes128gcm' && /^vapid t=.+, k=.+/.test(req.headers.authorization ?? '');
      setTimeout(() => {
        inFlight--;
        if (!push) service.malformed++;
        else {
          service.accepted++;
          service.lastAt = performance.now();
        }
        res.writeHead(push ? 201 : 400).end();
        wake?.();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const service: BenchPushService = {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: 0,
    lastAt: 0,
    malformed: 0,
    maxInFlight: 0,
    acceptedAtLeast: (count, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${service.accepted} of ${count} pushes accepted after ${ms} ms`)), ms);
        wake = () => {
          if (service.accepted < count) return;
          clearTimeout(timer);
          wake = undefined;
          resolve();
        };
        wake();
      }),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return service;
}
