/**
 * Messages whose body links to a web page are handed to the api processes, which fetch the link's
 * preview and have the message show it (docs/architecture.md, "Link previews"). The sync server
 * only tells: it fetches nothing, so no socket's op waits on another site.
 */
import type { DomainEvents, Logger } from '@volley/core';
import { firstWebLink } from '@volley/shared/markdown';

export class LinkedMessages {
  constructor(private readonly deps: { events: Pick<DomainEvents, 'publish'>; log: Logger }) {}

  /** A message was recorded with this body (sent, or edited): its first web link, if any, may get a card. */
  recorded(messageId: string, body: string): void {
    if (!firstWebLink(body)) return;
    this.deps.events.publish({ type: 'message.linked', messageId }).catch((err: unknown) => this.deps.log.warn({ err, messageId }, 'asking for a link preview failed'));
  }
}
