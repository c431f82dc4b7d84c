/**
 * Every @lit/context context of the app, in one place. Services are stable objects; the
 * session state, the locale, presence and connectivity are values that change, read with
 * `subscribe: true`.
 */
import { createContext } from '@lit/context';
import type { VolleyDB } from './db/db.js';
import type { Locale } from './i18n/i18n.js';
import type { Router } from './router/router.js';
import type { PresenceStatus } from '@volley/shared';
import type { ApiClient, VolleyClient } from '@volley/client';
import type { Channels } from './services/channels.js';
import type { Members } from './services/members.js';
import type { Session, SessionState } from './services/session.js';
import type { Social } from './services/social.js';
import type { SyncManager } from './sync/sync-manager.js';

export const apiContext = createContext<ApiClient>(Symbol('volley.api'));
/** The client library itself: the game and queue sockets come from it. */
export const volleyContext = createContext<VolleyClient>(Symbol('volley.client'));
export const dbContext = createContext<VolleyDB>(Symbol('volley.db'));
export const sessionContext = createContext<Session>(Symbol('volley.session'));
export const sessionStateContext = createContext<SessionState>(Symbol('volley.session-state'));
export const syncContext = createContext<SyncManager>(Symbol('volley.sync'));
export const routerContext = createContext<Router>(Symbol('volley.router'));
export const localeContext = createContext<Locale>(Symbol('volley.locale'));
export const socialContext = createContext<Social>(Symbol('volley.social'));
export const membersContext = createContext<Members>(Symbol('volley.members'));
export const channelsContext = createContext<Channels>(Symbol('volley.channels'));
/** Friends' presence (user id → status; missing = offline), from the server's awareness state in my user room. */
export const presenceContext = createContext<Readonly<Record<string, PresenceStatus>>>(Symbol('volley.presence'));
/** True while the server can be reached: signed in with a token and the browser online. */
export const onlineContext = createContext<boolean>(Symbol('volley.online'));
