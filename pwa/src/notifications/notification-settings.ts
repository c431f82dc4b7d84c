/**
 * The account's notification settings (`/me/notification-settings`), kept on the server so that every
 * device follows them; one copy per page, shared by the settings page and the conversations' mute
 * buttons, told to whoever listens when it changes.
 */
import { Listeners, type ApiClient } from '@volley/client';
import type { NotificationSettings } from '@volley/shared';

export class NotificationSettingsStore {
  settings: NotificationSettings | null = null;
  readonly changed = new Listeners<[NotificationSettings]>();

  constructor(private readonly api: ApiClient) {}

  async load(): Promise<NotificationSettings> {
    return this.#set(await this.api.request('GET', '/me/notification-settings', { schema: (s) => s.NotificationSettings }));
  }

  async save(change: Partial<NotificationSettings>): Promise<NotificationSettings> {
    const next = { ...(this.settings ?? (await this.load())), ...change };
    return this.#set(await this.api.request('PUT', '/me/notification-settings', { body: next, schema: (s) => s.NotificationSettings }));
  }

  async setMuted(convId: string, muted: boolean): Promise<NotificationSettings> {
    const current = (this.settings ?? (await this.load())).muted.filter((id) => id !== convId);
    return this.save({ muted: muted ? [...current, convId] : current });
  }

  #set(settings: NotificationSettings): NotificationSettings {
    this.settings = settings;
    this.changed.emit(settings);
    return settings;
  }
}

const stores = new WeakMap<ApiClient, NotificationSettingsStore>();

/** The page's one store for this api client. */
export function notificationSettingsOf(api: ApiClient): NotificationSettingsStore {
  let store = stores.get(api);
  if (!store) stores.set(api, (store = new NotificationSettingsStore(api)));
  return store;
}
