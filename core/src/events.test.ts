import { describe, expect, it, vi } from 'vitest';
import { DomainEvents } from './events.js';
import { withRequestId } from './request-id.js';
import { testDeps } from './core.testing.js';

const deps = await testDeps();

describe('domain events between processes', () => {
  it('carry the id of the API request that caused them to the other process, and none otherwise', async () => {
    const heard: [string, string | undefined][] = [];
    const stop = await new DomainEvents(deps.otherProcessBus()).subscribe((event, requestId) => heard.push([event.type, requestId]));
    // An api process that holds no subscription of its own on the channel (this one's bus holds the
    // site gate's): it publishes through Redis from the first event, whoever subscribed a moment ago.
    const api = new DomainEvents(deps.otherProcessBus());

    await withRequestId('trace-123', () => api.publish({ type: 'social.changed', userIds: ['a', 'b'] }));
    await api.publish({ type: 'game.finished', gameId: 'g' });

    await vi.waitFor(() => expect(heard).toEqual([['social.changed', 'trace-123'], ['game.finished', undefined]]));
    await stop();
  });

  it('keep each request’s id while requests overlap, one ending while another still works', async () => {
    const heard: [string, string | undefined][] = [];
    const stop = await new DomainEvents(deps.otherProcessBus()).subscribe((event, requestId) => heard.push([event.type, requestId]));
    const api = new DomainEvents(deps.otherProcessBus());
    let finishLong!: () => void;
    const long = withRequestId('long-1', async () => {
      await new Promise<void>((resolve) => (finishLong = resolve));
      await api.publish({ type: 'social.changed', userIds: ['c'] });
    });
    await withRequestId('short-2', () => api.publish({ type: 'game.finished', gameId: 'h' }));
    finishLong();
    await long;
    await withRequestId('next-3', () => api.publish({ type: 'site.changed' }));

    await vi.waitFor(() => expect(heard).toEqual([['game.finished', 'short-2'], ['social.changed', 'long-1'], ['site.changed', 'next-3']]));
    await stop();
  });
});
