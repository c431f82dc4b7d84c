/**
 * The conversations the user is in, followed: `joined` when one comes (a channel it was added to, a
 * DM opened with it, a join request accepted), `left` when one goes (left, kicked, banned, removed by
 * its owner). The server says so in the user's own room: a membership notification, or the inbox
 * signal naming a conversation the client does not know (its first message since joining). The list
 * is asked again of the API then, and each time the room's socket opens (what moved while it was
 * closed). `joined` carries the first seq that is news to the user: the signalled one, or past the
 * conversation's last message when nothing was signalled.
 */
import { notificationsOf, type Conversation, type Notification } from '@volley/shared';
import type * as Y from 'yjs';
import { Listeners } from './listeners.js';
import { serverInbox } from './server-inbox.js';
import type { SyncRoom } from './sync-room.js';

const MEMBERSHIP_KINDS = new Set<Notification['kind']>(['join_request_decided', 'kicked', 'banned']);

export interface Joined {
  conversation: Conversation;
  /** Messages from this seq on came after the user joined. */
  since: number;
}

export class Memberships {
  readonly joined = new Listeners<[Joined]>();
  readonly left = new Listeners<[string]>();
  #known = new Map<string, Conversation>();
  /** Conversation → the seq the inbox signal named, for one not known yet. */
  readonly #signalled = new Map<string, number>();
  #asking: Promise<void> = Promise.resolve();
  readonly #stops: (() => void)[] = [];

  constructor(
    private readonly list: () => Promise<Conversation[]>,
    private readonly room: SyncRoom,
  ) {}

  /** The conversations now; from then on their changes are told. */
  async start(): Promise<Conversation[]> {
    this.#known = new Map((await this.list()).map((c) => [c.id, c]));
    const notifications = notificationsOf(this.room.doc);
    const notified = (event: Y.YMapEvent<Notification>): void => {
      const added = [...event.keysChanged].filter((key) => event.changes.keys.get(key)?.action === 'add');
      if (added.some((key) => MEMBERSHIP_KINDS.has(notifications.get(key)?.kind as Notification['kind']))) this.refresh();
    };
    const signalled = (): void => {
      let unknown = false;
      for (const [convId, { lastSeq }] of serverInbox(this.room.awareness.getStates())) {
        if (this.#known.has(convId) || this.#signalled.has(convId)) continue;
        this.#signalled.set(convId, lastSeq);
        unknown = true;
      }
      if (unknown) this.refresh();
    };
    notifications.observe(notified);
    this.room.awareness.on('change', signalled);
    this.#stops.push(
      () => notifications.unobserve(notified),
      () => this.room.awareness.off('change', signalled),
      this.room.socket.opened.add(() => this.refresh()),
    );
    return [...this.#known.values()];
  }

  /** Asks the list again (one ask at a time) and tells what changed. */
  refresh(): void {
    this.#asking = this.#asking.then(() => this.#compare()).catch(() => undefined);
  }

  stop(): void {
    this.#stops.splice(0).forEach((stop) => stop());
  }

  async #compare(): Promise<void> {
    const now = new Map((await this.list()).map((c) => [c.id, c]));
    const before = this.#known;
    this.#known = now;
    for (const [id, conversation] of now) {
      if (before.has(id)) continue;
      const since = this.#signalled.get(id) ?? conversation.lastSeq + 1;
      this.joined.emit({ conversation, since });
    }
    for (const id of before.keys()) if (!now.has(id)) this.left.emit(id);
    // A conversation signalled but not in the list (one left a moment ago) is not asked about again.
    for (const id of this.#signalled.keys()) if (now.has(id)) this.#signalled.delete(id);
  }
}
