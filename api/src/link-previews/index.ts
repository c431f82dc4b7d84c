/**
 * The api processes make link previews (docs/architecture.md, "Link previews"): a sync server
 * publishes `message.linked` once a message with a web link is recorded; every api process hears
 * it, one claims the message (`message_previews`), fetches or reuses the card of its first link
 * and publishes `message.changed`, upon which the sync servers make the message show it. The
 * sender's and every reader's client only ever read the card from the message.
 */
import { DomainEvents, forCategory, Message as MessageRow, type Deps } from '@volley/core';
import { firstWebLink } from '@volley/shared/markdown';
import type { Effects } from '../services/effects.js';
import type { BlobStore } from '../storage/index.js';
import { LinkPreviewCache, previewLimits } from './link-previews.js';

/** Previews fetched at once by one process; more wait their turn, and past the queue's length are dropped. */
const AT_ONCE = 4;
const QUEUE_MAX = 1000;

/**
 * Claims making the preview of `messageId`'s first link: true when this call should fetch it. A
 * message claimed before keeps its claim unless its first link changed (an edit), which also
 * brings back a card the sender removed.
 */
async function claim(deps: Pick<Deps, 'db'>, messageId: string): Promise<string | undefined> {
  const message = await MessageRow.query(deps.db).findById(messageId).select('id', 'body', 'deleted_at');
  const url = message && !message.deletedAt ? firstWebLink(message.body) : undefined;
  if (!url) return undefined;
  const claimed = await deps
    .db('message_previews')
    .insert({ message_id: messageId, url })
    .onConflict('message_id')
    .merge({ url, removed_at: null })
    .where('message_previews.url', '<>', url)
    .returning('message_id');
  return claimed.length > 0 ? url : undefined;
}

/** Starts listening; the function returned stops and waits for the previews under way. */
export function runLinkPreviews(deps: Deps & { effects: Effects; store: BlobStore }): () => Promise<void> {
  const { config } = deps;
  if (!config.linkPreviews.enabled) return async () => {};
  const log = forCategory(deps.logger, 'previews');
  const cache = new LinkPreviewCache({ db: deps.db, store: deps.store, limits: previewLimits(config.linkPreviews.allowedAddresses, config.attachments.maxPixels), log });
  const queue: string[] = [];
  const running = new Set<Promise<void>>();

  const make = async (messageId: string) => {
    const url = await claim(deps, messageId);
    if (!url) return;
    const preview = await cache.preview(url);
    if (preview.found) await deps.effects.publish({ type: 'message.changed', messageId });
  };
  const next = () => {
    while (running.size < AT_ONCE && queue.length > 0) {
      const messageId = queue.shift()!;
      const work = make(messageId)
        .catch((err: unknown) => log.error({ err, messageId }, 'making a link preview failed'))
        .finally(() => {
          running.delete(work);
          next();
        });
      running.add(work);
    }
  };

  const subscribed = new DomainEvents(deps.bus).subscribe((event) => {
    if (event.type !== 'message.linked') return;
    if (queue.length >= QUEUE_MAX) return log.warn({ messageId: event.messageId }, 'link previews queue full: none for this message');
    queue.push(event.messageId);
    next();
  });
  subscribed.catch((err: unknown) => log.error({ err }, 'subscribing to linked messages failed'));
  return async () => {
    queue.length = 0;
    await subscribed.then((unsubscribe) => unsubscribe(), () => undefined);
    await Promise.all(running);
  };
}
