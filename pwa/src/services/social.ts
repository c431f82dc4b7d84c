/**
 * Friends, friend requests and blocks: the API's answers cached in Dexie (the friend list reads
 * offline), refreshed after each of my actions and when a notification or a presence change
 * says they moved. The cached profiles' `relation` follows the lists, so a profile or a user card
 * open on someone changes with them. Components read the tables with `liveQuery`.
 */
import { createContext } from '@lit/context';
import type { PresenceStatus, Relation } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from '@volley/client';

export class Social {
  readonly #api: ApiClient;
  readonly #db: VolleyDB;
  #refreshing: Promise<void> | null = null;
  #again = false;

  constructor(api: ApiClient, db: VolleyDB) {
    this.#api = api;
    this.#db = db;
  }

  /** Fetches the four lists and replaces the cached ones; calls made meanwhile run once more after. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#again = true;
      return this.#refreshing;
    }
    this.#refreshing = this.#fetch().finally(() => {
      this.#refreshing = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh().catch(() => undefined);
      }
    });
    return this.#refreshing;
  }

  sendRequest(userId: string): Promise<void> {
    return this.#act('POST', '/friends/requests', { userId });
  }

  accept(requestId: string): Promise<void> {
    return this.#act('POST', `/friends/requests/${requestId}/accept`);
  }

  decline(requestId: string): Promise<void> {
    return this.#act('POST', `/friends/requests/${requestId}/decline`);
  }

  cancel(requestId: string): Promise<void> {
    return this.#act('DELETE', `/friends/requests/${requestId}`);
  }

  removeFriend(userId: string): Promise<void> {
    return this.#act('DELETE', `/friends/${userId}`);
  }

  block(userId: string): Promise<void> {
    return this.#act('PUT', `/blocks/${userId}`);
  }

  unblock(userId: string): Promise<void> {
    return this.#act('DELETE', `/blocks/${userId}`);
  }

  async #act(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
    await this.#api.request(method, path, { body });
    await this.refresh();
  }

  async #fetch(): Promise<void> {
    const [friends, received, sent, blocks] = await Promise.all([
      this.#api.all('/friends', (s) => s.Friend),
      this.#api.all('/friends/requests?direction=received', (s) => s.FriendRequest),
      this.#api.all('/friends/requests?direction=sent', (s) => s.FriendRequest),
      this.#api.all('/blocks', (s) => s.Blocked),
    ]);
    const requests = [
      ...received.filter((r) => r.status === 'pending').map((r) => ({ ...r, direction: 'received' as const })),
      ...sent.filter((r) => r.status === 'pending').map((r) => ({ ...r, direction: 'sent' as const })),
    ];
    const relations = new Map<string, Relation>([
      ...requests.map((r) => (r.direction === 'sent' ? [r.to.id, 'request_sent'] : [r.from.id, 'request_received']) as [string, Relation]),
      ...friends.map((f) => [f.user.id, 'friend'] as [string, Relation]),
      ...blocks.map((b) => [b.user.id, 'blocked'] as [string, Relation]),
    ]);
    const db = this.#db;
    await db.transaction('rw', [db.friends, db.friendRequests, db.blocks, db.users], async () => {
      await Promise.all([db.friends.clear(), db.friendRequests.clear(), db.blocks.clear()]);
      await db.friends.bulkPut(friends);
      await db.friendRequests.bulkPut(requests);
      await db.blocks.bulkPut(blocks);
      // The same precedence as the server's: a block, then a friendship, then a pending request.
      await db.users
        .filter((profile) => profile.relation !== 'self' && profile.relation !== (relations.get(profile.id) ?? 'none'))
        .modify((profile) => {
          profile.relation = relations.get(profile.id) ?? 'none';
        });
    });
  }
}

export const socialContext = createContext<Social>(Symbol('volley.social'));
/** Friends' presence (user id → status; missing = offline), from the server's awareness state in my user room. */
export const presenceContext = createContext<Readonly<Record<string, PresenceStatus>>>(Symbol('volley.presence'));
