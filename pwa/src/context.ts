/**
 * Every @lit/context context of the app, in one place. Services are stable objects; the
 * session state and the locale are values that change, read with `subscribe: true`.
 */
import { createContext } from '@lit/context';
import type { VolleyDB } from './db/db.js';
import type { Locale } from './i18n/i18n.js';
import type { Router } from './router/router.js';
import type { ApiClient } from './services/api-client.js';
import type { Session, SessionState } from './services/session.js';
import type { SyncManager } from './sync/sync-manager.js';

export const apiContext = createContext<ApiClient>(Symbol('volley.api'));
export const dbContext = createContext<VolleyDB>(Symbol('volley.db'));
export const sessionContext = createContext<Session>(Symbol('volley.session'));
export const sessionStateContext = createContext<SessionState>(Symbol('volley.session-state'));
export const syncContext = createContext<SyncManager>(Symbol('volley.sync'));
export const routerContext = createContext<Router>(Symbol('volley.router'));
export const localeContext = createContext<Locale>(Symbol('volley.locale'));
