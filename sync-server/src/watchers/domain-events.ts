/** The domain events this instance acts on (core/src/events.ts), dispatched by type. */
import type { DomainEvent, DomainEvents, Logger } from '@volley/core';

export type DomainEventHandlers = { [T in DomainEvent['type']]?: (event: Extract<DomainEvent, { type: T }>) => void };

/** Resolves once the subscription is live; the returned function unsubscribes. */
export function listen(events: DomainEvents, handlers: DomainEventHandlers, log: Logger): Promise<() => Promise<void>> {
  return events.subscribe(
    (event, requestId) => {
      // An event an API request caused is logged with that request's id: one id from the api's
      // request line to what each sync server did about it.
      if (requestId) log.info({ event: event.type, requestId }, 'domain event');
      const handler = handlers[event.type] as ((event: DomainEvent) => void) | undefined;
      handler?.(event);
    },
    (err) => log.warn({ err }, 'dropped a domain event'),
    { activity: handlers['conversation.activity'] !== undefined },
  );
}
