/**
 * The account's notification settings (`/me/notification-settings`), kept on the server so that every
 * device follows them; one copy per page, shared by the settings page and the conversations' level
 * menus, told to whoever listens when it changes. Offline first: the last copy is in the local
 * database, a change is made there at once and sent when the server can be reached (the next load
 * sends a change that could not be).
 */
import { ApiError, Listeners, type ApiClient } from '@volley/client';
import { withLevel, type NotificationLevel, type NotificationSettings } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';

type Cache = Pick<VolleyDB, 'notificationSettings'>;

export class NotificationSettingsStore {
  settings: NotificationSettings | null = null;
  readonly changed = new Listeners<[NotificationSettings]>();

  constructor(
    private readonly api: ApiClient,
    private readonly db: Cache | undefined,
  ) {}

  #loading: Promise<NotificationSettings> | undefined;
  /** Counts the changes made here: an answer to an earlier one is out of date once a later one is made. */
  #changes = 0;
  /** The changes go to the server one at a time, in the order made. */
  #sending: Promise<unknown> = Promise.resolve();

  /** The server's copy, or, with no network, the one kept here (a change not sent yet is sent first); one read at a time, however many ask (each level menu of a page). */
  load(): Promise<NotificationSettings> {
    this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
    return this.#loading;
  }

  async #load(): Promise<NotificationSettings> {
    const kept = await this.db?.notificationSettings.get('mine');
    if (kept) this.#set(kept.settings);
    try {
      // A change the server refuses is dropped for what the server holds.
      if (kept?.pending) return await this.#send(kept.settings).catch((err: unknown) => (offline(err) ? Promise.reject(err) : this.#fetch()));
      return await this.#fetch();
    } catch (err) {
      if (kept && offline(err)) return kept.settings;
      throw err;
    }
  }

  async save(change: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const next = this.#set({ ...(this.settings ?? (await this.load())), ...change });
    const made = ++this.#changes;
    await this.db?.notificationSettings.put({ id: 'mine', settings: next, pending: true });
    // Two quick changes (a level, then a reset): each whole copy is sent after the one before, and
    // one a later change has replaced is not sent at all, so neither the server nor this copy ends
    // on the earlier one.
    const sent = this.#sending.catch(() => undefined).then(() => (made === this.#changes ? this.#send(next) : next));
    this.#sending = sent;
    try {
      return await sent;
    } catch (err) {
      if (this.db && offline(err)) return next;
      throw err;
    }
  }

  async setLevel(convId: string, level: NotificationLevel): Promise<NotificationSettings> {
    return this.save(withLevel(this.settings ?? (await this.load()), convId, level));
  }

  /** The conversation back at its kind's default level: nothing of it kept among my choices. */
  async resetLevel(convId: string): Promise<NotificationSettings> {
    const { muted, levels } = this.settings ?? (await this.load());
    const { [convId]: _, ...others } = levels;
    return this.save({ muted: muted.filter((id) => id !== convId), levels: others });
  }

  async #fetch(): Promise<NotificationSettings> {
    const made = this.#changes;
    return this.#keep(await this.api.request('GET', '/me/notification-settings', { schema: (s) => s.NotificationSettings }), made);
  }

  async #send(settings: NotificationSettings): Promise<NotificationSettings> {
    const made = this.#changes;
    return this.#keep(await this.api.request('PUT', '/me/notification-settings', { body: settings, schema: (s) => s.NotificationSettings }), made);
  }

  /** The server's copy, kept unless a change was made here since it was asked for (that change is on its way, and replaces it). */
  async #keep(settings: NotificationSettings, made: number): Promise<NotificationSettings> {
    if (made !== this.#changes) return this.settings ?? settings;
    await this.db?.notificationSettings.put({ id: 'mine', settings, pending: false });
    return this.#set(settings);
  }

  #set(settings: NotificationSettings): NotificationSettings {
    this.settings = settings;
    this.changed.emit(settings);
    return settings;
  }
}

const offline = (err: unknown): boolean => err instanceof ApiError && err.code === 'network';

const stores = new WeakMap<ApiClient, NotificationSettingsStore>();

/** The page's one store for this api client, kept in `db` when given. */
export function notificationSettingsOf(api: ApiClient, db?: Cache): NotificationSettingsStore {
  let store = stores.get(api);
  if (!store) stores.set(api, (store = new NotificationSettingsStore(api, db)));
  return store;
}
