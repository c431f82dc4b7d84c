/**
 * Who is signed in. Boots from the refresh cookie; with no network it starts offline with the
 * user cached in Dexie and resumes when the network comes back. The token itself only lives in
 * the API client's memory.
 */
import { createContext } from '@lit/context';
import type { BanFacts } from '../i18n/ban-text.js';
import { userRoom, type AuthResponse, type LoginBody, type PublicUser, type RegisterBody, type SecondFactorLoginBody } from '@volley/shared';
import type { Me, VolleyDB } from '../db/db.js';
import type { SyncManager } from '../sync/sync-manager.js';
import type { ApiClient } from '@volley/client';
import { ApiError } from '@volley/client';
import { Listeners } from '@volley/client';

export type SessionState =
  | { status: 'booting' }
  /**
   * `ended`: the session was ended elsewhere (a password reset, "sign out everywhere", an admin's kick), not here;
   * `deleted`: the account was deleted here; `banned`: the server refused the session for a site ban. The sign-in page says which.
   */
  | { status: 'signed-out'; ended?: boolean; deleted?: boolean; banned?: BanFacts }
  /**
   * `online`: the server knows us (we hold a token); false while we run on the cached user.
   * `banned`: the server closed a socket for a site ban; what is stored here is kept.
   */
  | { status: 'signed-in'; user: Me; online: boolean; banned?: BanFacts };

/** The signed-in user's own room (`user.<id>`), or null while signed out. */
export const myUserRoom = (state: SessionState | undefined): string | null => (state?.status === 'signed-in' ? userRoom(state.user.id) : null);

export interface SessionOptions {
  api: ApiClient;
  db: VolleyDB;
  /** The rooms to close before a logout wipes their local copies (the client library's step, if it has loaded). */
  sync: Pick<SyncManager, 'closeAll'>;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined;
  network?: Pick<EventTarget, 'addEventListener'>;
}

/** Set while a logout has not reached the server, so the next start does not sign back in. */
const PENDING_LOGOUT = 'volley.pendingLogout';
/** Set while someone is signed in on this device: public/app-shell.js then paints the chat page's frame at once. */
const SIGNED_IN = 'volley.signedIn';
const RESUME_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

export class Session {
  state: SessionState = { status: 'booting' };
  readonly changed = new Listeners<[SessionState]>();

  readonly #api: ApiClient;
  readonly #db: VolleyDB;
  readonly #sync: Pick<SyncManager, 'closeAll'>;
  readonly #storage: SessionOptions['storage'];
  #resumeAttempt = 0;
  #resumeTimer: ReturnType<typeof setTimeout> | undefined;
  #leaving = false;

  constructor({ api, db, sync, storage = globalThis.localStorage, network = globalThis }: SessionOptions) {
    this.#api = api;
    this.#db = db;
    this.#sync = sync;
    this.#storage = storage;
    api.authChanged.add((auth) => this.#onAuthChanged(auth));
    network.addEventListener('online', () => void this.resume());
  }

  get user(): Me | null {
    return this.state.status === 'signed-in' ? this.state.user : null;
  }

  async boot(): Promise<void> {
    if (this.#storage?.getItem(PENDING_LOGOUT)) {
      await this.#api.logout().then(() => this.#storage?.removeItem(PENDING_LOGOUT), () => undefined);
      return this.#setState({ status: 'signed-out' });
    }
    const cached = await this.#db.me.toCollection().first().catch(() => undefined);
    // With no network the refresh can only fail: the start goes on at once on the cached user, without
    // waiting for that failure (nor for the schemas the client library loads with its first request).
    if (cached && globalThis.navigator?.onLine === false) {
      this.#setState({ status: 'signed-in', user: cached, online: false });
      return this.#scheduleResume();
    }
    try {
      const auth = await this.#api.refresh();
      await this.#enter(auth.user);
    } catch (error) {
      if (cached && error instanceof ApiError && error.isTransient) {
        this.#setState({ status: 'signed-in', user: cached, online: false });
        this.#scheduleResume();
      } else if (error instanceof ApiError && error.code === 'site_banned') {
        this.#setState({ status: 'signed-out', banned: error.ban ?? {} });
      } else {
        // Someone was signed in here and the server no longer knows the session: it ended elsewhere.
        this.#setState({ status: 'signed-out', ended: !!cached && error instanceof ApiError });
      }
    }
  }

  async login(body: LoginBody): Promise<void> {
    await this.#enter((await this.#api.login(body)).user);
  }

  /** The second step of a two-factor sign-in, after `login` failed with `two_factor_required`. */
  async loginSecondFactor(body: SecondFactorLoginBody): Promise<void> {
    await this.#enter((await this.#api.loginSecondFactor(body)).user);
  }

  async register(body: RegisterBody): Promise<void> {
    await this.#enter((await this.#api.register(body)).user);
  }

  /** Ends the session here and on the server, and wipes everything stored locally; `deleted` after the account's deletion. */
  async logout({ deleted = false } = {}): Promise<void> {
    this.#storage?.setItem(PENDING_LOGOUT, '1');
    clearTimeout(this.#resumeTimer);
    this.#leaving = true;
    try {
      await this.#sync.closeAll();
      await this.#api.logout().then(() => this.#storage?.removeItem(PENDING_LOGOUT), () => undefined);
      await this.#db.wipe();
      // Loaded here: the rest of the first load has no use for the push subscription's code.
      await import('../pwa/web-push.js').then(({ forgetPush }) => forgetPush()).catch(() => undefined);
    } finally {
      this.#leaving = false;
      this.#setState({ status: 'signed-out', ...(deleted && { deleted }) });
    }
  }

  /** A socket was closed for a site ban: said on every page until the next sign-in (its end and reason: volley-banned.ts asks the api). */
  banned(): void {
    if (this.state.status !== 'signed-in' || this.state.banned) return;
    this.#setState({ ...this.state, banned: {} });
  }

  /** Tries to get a token again after starting offline. */
  async resume(): Promise<void> {
    if (this.state.status !== 'signed-in' || this.state.online) return;
    clearTimeout(this.#resumeTimer);
    try {
      await this.#api.refresh();
    } catch (error) {
      if (error instanceof ApiError && error.isTransient) this.#scheduleResume();
    }
  }

  /** Signs `user` in here; another user's local data is wiped first. */
  async #enter(user: PublicUser): Promise<void> {
    this.#storage?.removeItem(PENDING_LOGOUT);
    const cached = await this.#db.me.toCollection().first().catch(() => undefined);
    if (cached && cached.id !== user.id) {
      await this.#sync.closeAll();
      await this.#db.wipe();
    }
    // The server let them in: a device that cannot save (its storage full) costs them the next
    // start offline, not this sign-in.
    await this.#db
      .transaction('rw', this.#db.me, async () => {
        await this.#db.me.clear();
        await this.#db.me.put(user);
      })
      .catch(() => undefined);
    this.#resumeAttempt = 0;
    this.#setState({ status: 'signed-in', user, online: true });
    void this.#learnRole(user.id);
  }

  /** The site role is not in the sign-in answer: asked once signed in, kept with the cached user. */
  async #learnRole(userId: string): Promise<void> {
    const me = await this.#api.me().catch(() => null);
    if (!me || me.user.id !== userId || this.state.status !== 'signed-in' || this.state.user.id !== userId) return;
    const user = { ...this.state.user, role: me.user.role };
    await this.#db.me.put(user).catch(() => undefined);
    this.#setState({ ...this.state, user });
  }

  /** Token refreshes that happen on their own (expired token, 4401, network back). */
  #onAuthChanged(auth: AuthResponse | null): void {
    if (this.state.status !== 'signed-in' || this.#leaving) return;
    if (auth === null) {
      void this.#sync.closeAll();
      this.#setState({ status: 'signed-out', ended: true });
    } else if (auth.user.id === this.state.user.id) {
      this.#resumeAttempt = 0;
      this.#setState({ status: 'signed-in', user: { ...this.state.user, ...auth.user }, online: true });
    }
  }

  #scheduleResume(): void {
    clearTimeout(this.#resumeTimer);
    const delay = RESUME_DELAYS_MS[Math.min(this.#resumeAttempt++, RESUME_DELAYS_MS.length - 1)];
    this.#resumeTimer = setTimeout(() => void this.resume(), delay);
  }

  #setState(state: SessionState): void {
    if (state.status === 'signed-in') this.#storage?.setItem(SIGNED_IN, '1');
    else this.#storage?.removeItem(SIGNED_IN);
    this.state = state;
    this.changed.emit(state);
  }
}

export const sessionContext = createContext<Session>(Symbol('volley.session'));
/** The session's state, a value that changes (read with `subscribe: true`). */
export const sessionStateContext = createContext<SessionState>(Symbol('volley.session-state'));
/** True while the server can be reached: signed in with a token and the browser online. */
export const onlineContext = createContext<boolean>(Symbol('volley.online'));
