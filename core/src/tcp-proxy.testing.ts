/**
 * A TCP proxy a test controls, put between a process and its database to cut the network between
 * them: `cut('drop')` forwards nothing either way and leaves every connection open, as a partition
 * does (what was sent waits, and goes once healed, if the connection lived); `cut('reset')` closes
 * every connection and refuses new ones, as a host that answers with resets does. `heal()` forwards
 * again.
 */
import { createServer, createConnection, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  port: number;
  cut(how: 'drop' | 'reset'): void;
  heal(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let state: 'open' | 'drop' | 'reset' = 'open';
  const flow = (pair: Pair, on: boolean) => {
    for (const socket of [pair.client, pair.server]) on ? socket.resume() : socket.pause();
  };
  const server = createServer((client) => {
    if (state === 'reset') return void client.resetAndDestroy();
    const pair = { client, server: createConnection(target) };
    pairs.add(pair);
    pair.client.pipe(pair.server);
    pair.server.pipe(pair.client);
    const end = () => {
      pairs.delete(pair);
      pair.client.destroy();
      pair.server.destroy();
    };
    for (const socket of [pair.client, pair.server]) socket.on('error', end).on('close', end);
    if (state === 'drop') flow(pair, false);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut(how) {
      state = how;
      for (const pair of pairs) how === 'drop' ? flow(pair, false) : pair.client.resetAndDestroy();
    },
    heal() {
      state = 'open';
      for (const pair of pairs) flow(pair, true);
    },
    async close() {
      for (const pair of pairs) pair.client.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
