/**
 * Holds my user room for the app shell while I am signed in: publishes my presence status in its
 * awareness, reads my friends' presence and the inbox signal (conversations that moved: their cached
 * `lastSeq` follows) from the server's awareness state there, and refreshes the
 * cached lists when a notification or a presence change says they moved. A fresh `game_ready`
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
import { serverInbox, type SyncRoom } from '@volley/client';
import { RoomController } from './room-controller.js';

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
  readonly #joinGame: (gameId: string) => void;
  readonly #followPreferences: (preferences: Preferences) => void;

  constructor(
    host: ReactiveControllerHost,
    services: Services,
    userId: () => string | null,
    { joinGame, preferences }: { joinGame: (gameId: string) => void; preferences: (preferences: Preferences) => void },
  ) {
    this.#host = host;
    this.#services = services;
    this.#joinGame = joinGame;
    this.#followPreferences = preferences;
    this.#room = new RoomController(host, { sync: () => services.sync, name: () => (userId() ? userRoom(userId()!) : null) });
    host.addController(this);
  }

  hostConnected(): void {
    this.#activity.start();
  }

  hostUpdated(): void {
    if (this.#room.room !== this.#attached) this.#attach(this.#room.room);
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
      this.#setPresence(serverPresence(room.awareness.getStates()));
      void this.#moved(serverInbox(room.awareness.getStates()));
    };
    const notifications = notificationsOf(room.doc);
    const onNotifications = (event: Y.YMapEvent<Notification>): void => this.#notified(event);
    room.awareness.on('change', onAwareness);
    notifications.observe(onNotifications);
    const stopPreferences = followPreferences(room.doc, this.#followPreferences);
    this.#detach = () => {
      room.awareness.off('change', onAwareness);
      notifications.unobserve(onNotifications);
      stopPreferences();
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
    const { api, db, social } = this.#services;
    if (kinds.some((kind) => kind && SOCIAL_KINDS.has(kind))) void social.refresh().catch(() => undefined);
    if (kinds.some((kind) => kind && MEMBERSHIP_KINDS.has(kind))) void refreshConversations(api, db).catch(() => undefined);
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
    if (Object.keys(presence).sort().join() !== before) void this.#services.social.refresh().catch(() => undefined);
  }
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
