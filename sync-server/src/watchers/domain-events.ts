/** The domain events this instance acts on (core/src/events.ts), dispatched by type to each part that acts on them, in order. */
import type { DomainEvent, DomainEventHandlers, DomainEvents, Logger } from '@volley/core';

/** Resolves once the subscription is live; the returned function unsubscribes. */
export function listen(events: DomainEvents, tables: readonly DomainEventHandlers[], log: Logger): Promise<() => Promise<void>> {
  const handlers = new Map<DomainEvent['type'], ((event: DomainEvent) => void)[]>();
  for (const table of tables) {
    for (const [type, handler] of Object.entries(table) as [DomainEvent['type'], (event: DomainEvent) => void][]) handlers.set(type, [...(handlers.get(type) ?? []), handler]);
  }
  return events.subscribe(
    (event, requestId) => {
      // An event an API request caused is logged with that request's id: one id from the api's
      // request line to what each sync server did about it.
      if (requestId) log.info({ event: event.type, requestId }, 'domain event');
      for (const handler of handlers.get(event.type) ?? []) handler(event);
    },
    (err) => log.warn({ err }, 'dropped a domain event'),
    { activity: handlers.has('conversation.activity') },
  );
}
