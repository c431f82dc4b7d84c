import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The id of the HTTP request being handled (X-Request-Id), wherever its work goes in this process,
 * so that what it publishes on the bus carries it to the other processes' logs (docs/operations.md, "Logs").
 */
const current = new AsyncLocalStorage<string>();

export const withRequestId = <T>(requestId: string, work: () => T): T => current.run(requestId, work);

export const currentRequestId = (): string | undefined => current.getStore();
