/**
 * Holds my user room for the app shell while I am signed in: publishes my presence status in its
 * awareness, reads my friends' presence and the inbox signal (conversations that moved: their cached
 * `lastSeq` follows) from the server's awareness state there (the list read again each time the room
 * has synced again: the signal tells only the sockets open when a conversation moves), and refreshes the
 * cached lists when a notification, a presence change or the server's `social` stamp says they
 * moved; a conversation's `members` stamp (or a join request to it) tells its open member list. A fresh `game_ready`
 * (my invitation was accepted) takes me into the game and is marked read. My language and theme,
 * kept there, are followed as they change on any device (app/preferences.ts).
 */
import { notificationsOf, userRoom, type InboxEntry, type Notification, type PresenceStatus, type ServerPresenceAwareness } from '@volley/shared';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import { followPreferences, savePreference, type Preferences } from '../preferences/preferences.js';
import { gameToJoin } from '../notifications/game-ready.js';
import { ActivityTracker } from '../services/activity.js';
import { recordActivity, refreshConversations } from '../services/conversations.js';
import type { Services } from '../services/services.js';
import type { SyncManager } from '../sync/sync-manager.js';
import { serverInbox, type SyncRoom } from '@volley/client';
import { RoomController } from './room-controller.js';

/** What settles notifications (seen, handled): its own chunk, after the first page, which needs none of it. */
const settled = () => import('../notifications/settled.js');

const SOCIAL_KINDS = new Set<Notification['kind']>(['friend_request', 'friend_accepted']);
const MEMBERSHIP_KINDS = new Set<Notification['kind']>(['join_request_decided', 'channel_invite', 'kicked', 'banned']);

export class MyRoomController implements ReactiveController {
  /** Friends' presence: user id → online/away; a friend missing is offline. */
  presence: Record<string, PresenceStatus> = {};
  readonly #host: ReactiveControllerHost;
  readonly #services: Services;
  readonly #room: RoomController;
  readonly #activity = new ActivityTracker((status) => this.#room.room?.awareness.setLocalStateField('status', status));
  #attached: SyncRoom | null = null;
  /** Conversations the signal named that were not cached, for which the list was fetched. */
  readonly #askedAbout = new Set<string>();
  #detach: (() => void) | null = null;
  /** The server's `social` stamps last read, and its `members` stamps per conversation. */
  #social = '';
  #members = new Map<string, number>();
  readonly #joinGame: (gameId: string) => void;
  readonly #followPreferences: (preferences: Preferences) => void;
  readonly #path: () => string;
  #seenPath = '';

  constructor(
    host: ReactiveControllerHost,
    services: Services,
    userId: () => string | null,
    {
      sync,
      joinGame,
      preferences,
      path,
    }: {
      /** Where I am: the notifications that lead there are seen (notifications/settled.ts). */
      path: () => string;
      /** The shell's sync rooms, once the client library's step has loaded. */
      sync: () => SyncManager | undefined;
      joinGame: (gameId: string) => void;
      preferences: (preferences: Preferences) => void;
    },
  ) {
    this.#host = host;
    this.#services = services;
    this.#joinGame = joinGame;
    this.#followPreferences = preferences;
    this.#path = path;
    this.#room = new RoomController(host, { sync, name: () => (userId() ? userRoom(userId()!) : null) });
    host.addController(this);
  }

  hostConnected(): void {
    this.#activity.start();
  }

  hostUpdated(): void {
    if (this.#room.room !== this.#attached) this.#attach(this.#room.room);
    const doc = this.#room.doc;
    // Once per place I come to (and once my document is there).
    const at = doc ? this.#path() : '';
    if (doc && at !== this.#seenPath) void settled().then((s) => s.settleAt(doc, at));
    this.#seenPath = at;
  }

  /** The friend lists were read again: a request no longer waiting for my answer is handled, here or elsewhere. */
  async #socialRead(): Promise<void> {
    await this.#services.social.refresh();
    const doc = this.#room.doc;
    if (doc) await (await settled()).settleRequests(doc, this.#services.db);
  }

  hostDisconnected(): void {
    this.#activity.stop();
    this.#attach(null);
  }

  /** Saves a choice to the account; signed out there is no account, and the device's choice is all. */
  savePreference<K extends keyof Preferences>(key: K, value: NonNullable<Preferences[K]>): void {
    if (this.#room.doc) savePreference(this.#room.doc, key, value);
  }

  #attach(room: SyncRoom | null): void {
    this.#detach?.();
    this.#detach = null;
    this.#attached = room;
    this.presence = {};
    if (!room) return;
    room.awareness.setLocalStateField('status', this.#activity.status);
    const onAwareness = (): void => {
      const states = room.awareness.getStates();
      this.#setPresence(serverPresence(states));
      void this.#moved(serverInbox(states));
      this.#changed(states);
    };
    const notifications = notificationsOf(room.doc);
    const onNotifications = (event: Y.YMapEvent<Notification>): void => this.#notified(event);
    room.awareness.on('change', onAwareness);
    notifications.observe(onNotifications);
    const stopPreferences = followPreferences(room.doc, this.#followPreferences);
    // The signal tells only the sockets open when a conversation moves: the list is read again each
    // time this room has synced again, the socket back after a drop. Its first sync adds nothing to
    // the shell's read when the session came online (app/volley-app.ts): what moved in between is in
    // the awareness state and the notifications that sync brings (#moved, #notified).
    const { api, db } = this.#services;
    let synced = false;
    const stopSynced = room.syncedChanged.add((now) => {
      if (now && synced) void refreshConversations(api, db).catch(() => undefined);
      synced ||= now;
    });
    this.#detach = () => {
      room.awareness.off('change', onAwareness);
      notifications.unobserve(onNotifications);
      stopPreferences();
      stopSynced();
    };
  }

  #notified(event: Y.YMapEvent<Notification>): void {
    const map = event.target;
    const added = [...event.keysChanged].filter((key) => event.changes.keys.get(key)?.action === 'add').map((key) => map.get(key));
    const kinds = added.map((n) => n?.kind);
    for (const n of added) {
      const gameId = gameToJoin(n, Date.now());
      if (!n || !gameId) continue;
      map.set(n.id, { ...n, read: true });
      this.#joinGame(gameId);
    }
    const { api, db, channels } = this.#services;
    if (kinds.some((kind) => kind && SOCIAL_KINDS.has(kind))) void this.#socialRead().catch(() => undefined);
    if (kinds.some((kind) => kind && MEMBERSHIP_KINDS.has(kind))) void refreshConversations(api, db).catch(() => undefined);
    for (const n of added) if (n?.kind === 'join_request') channels.changed.emit(n.conversation.id);
  }

  /** The server's stamps moved: my friends, requests and blocks are read again; a conversation's open member list is told. */
  #changed(states: Map<number, Record<string, unknown>>): void {
    const { social, members } = serverStamps(states);
    if (social !== this.#social) {
      this.#social = social;
      void this.#socialRead().catch(() => undefined);
    }
    for (const [convId, at] of members) if (at > (this.#members.get(convId) ?? 0)) this.#services.channels.changed.emit(convId);
    this.#members = members;
  }

  /** Conversations that moved: their cached `lastSeq` follows; one I do not know yet (a new DM, a channel I was added to) fetches the list. */
  async #moved(latest: Map<string, InboxEntry>): Promise<void> {
    const { api, db } = this.#services;
    const unknown = (await recordActivity(db, latest).catch(() => [])).filter((id) => !this.#askedAbout.has(id));
    if (unknown.length === 0) return;
    // Once per conversation: one I left stays in the signal a little while, and the list will not show it.
    unknown.forEach((id) => this.#askedAbout.add(id));
    await refreshConversations(api, db).catch(() => undefined);
  }

  #setPresence(presence: Record<string, PresenceStatus>): void {
    const before = Object.keys(this.presence).sort().join();
    this.presence = presence;
    this.#host.requestUpdate();
    if (Object.keys(presence).sort().join() !== before) void this.#socialRead().catch(() => undefined);
  }
}

/** The `social` stamps of the server's awareness states as one key, and each conversation's newest `members` stamp. */
export function serverStamps(states: Map<number, Record<string, unknown>>): { social: string; members: Map<string, number> } {
  const social: number[] = [];
  const members = new Map<string, number>();
  for (const state of states.values()) {
    const { social: stamp, members: map } = state as Partial<ServerPresenceAwareness>;
    if (typeof stamp === 'number') social.push(stamp);
    if (!map || typeof map !== 'object') continue;
    for (const [convId, at] of Object.entries(map)) if (typeof at === 'number' && at > (members.get(convId) ?? 0)) members.set(convId, at);
  }
  return { social: social.sort().join(), members };
}

/** Merges the `presence` maps of the server's awareness states (one per server instance holding the room). */
export function serverPresence(states: Map<number, Record<string, unknown>>): Record<string, PresenceStatus> {
  const presence: Record<string, PresenceStatus> = {};
  for (const state of states.values()) {
    const map = (state as Partial<ServerPresenceAwareness>).presence;
    if (!map || typeof map !== 'object') continue;
    for (const [id, status] of Object.entries(map)) if (status === 'online' || (status === 'away' && presence[id] !== 'online')) presence[id] = status;
  }
  return presence;
}
