/**
 * A crowd arriving at once at a busy server (another sync server's clients after it went, every
 * client after a restart) is held by the port until the server accepts it, none turned away to try
 * again a second or more later. The crowd dials from a worker thread while the server's thread is
 * held busy, as a loaded event loop is: what the kernel completes meanwhile is what the port holds.
 * Needs net.core.somaxconn ≥ 1000 (4096 by default since Linux 5.4).
 */
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestVolley, type TestVolley } from './server.testing.js';

/** More than Node's default backlog (511), fewer than the server's. */
const CROWD = 800;

/** Opens `count` connections to `port` once told to; after `countAfterMs`, says how many the kernel completed. */
const CROWD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const net = require('node:net');
parentPort.once('message', () => {
  let connected = 0;
  const sockets = [];
  for (let i = 0; i < workerData.count; i++) {
    const socket = net.connect(workerData.port, '127.0.0.1', () => connected++);
    socket.on('error', () => undefined);
    sockets.push(socket);
  }
  setTimeout(() => {
    parentPort.postMessage(connected);
    for (const socket of sockets) socket.destroy();
  }, workerData.countAfterMs);
});
parentPort.postMessage('ready');
`;

describe('the server port under a crowd of connections', () => {
  let volley: TestVolley;
  beforeAll(async () => {
    volley = await startTestVolley();
  });
  afterAll(async () => {
    await volley?.close();
  });

  it(`holds ${CROWD} connections arriving while the server is busy, none dropped to be retried seconds later`, async () => {
    const port = new URL(volley.url).port;
    const worker = new Worker(CROWD_WORKER, { eval: true, workerData: { port: Number(port), count: CROWD, countAfterMs: 1500 } });
    try {
      await new Promise((resolve) => worker.once('message', resolve));
      const connected = new Promise<number>((resolve) => worker.once('message', resolve));
      worker.postMessage('go');
      // The server's thread busy past the worker's count: nothing is accepted meanwhile.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);
      expect(await connected).toBe(CROWD);
    } finally {
      await worker.terminate();
    }
  });
});
