import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the HTTP request being handled (X-Request-Id), wherever its work goes in this process,
 * so that what it publishes on the bus carries it to the other processes' logs (docs/operations.md, "Logs").
 *
 * Followed only while requests are being handled. On Node 20 an enabled AsyncLocalStorage hooks
 * every promise the process makes, its own or not, for about 0.2-0.4 µs each; the sync server's send
 * path makes some 200 a message, so in a process that also serves the api the hooks are turned off
 * again when the last request in flight ends (the next `run` turns them on). Work a request leaves
 * running after its answer may then log without its id.
 */
const current = new AsyncLocalStorage<string>();
let handling = 0;

export async function withRequestId<T>(requestId: string, work: () => Promise<T>): Promise<T> {
  handling++;
  try {
    return await current.run(requestId, work);
  } finally {
    if (--handling === 0) current.disable();
  }
}

export const currentRequestId = (): string | undefined => current.getStore();
