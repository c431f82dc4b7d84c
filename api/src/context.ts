import type { RouterContext } from '@koa/router';
import type { AccessClaims, AccessTokens, Bus, Config, Db, Logger } from '@volley/core';
import type { Effects } from './services/effects.js';

/** What the api is built from; the caller owns these and closes them. */
export interface ApiDeps {
  config: Config;
  db: Db;
  bus: Bus;
  logger: Logger;
  tokens: AccessTokens;
}

/** What the routes are built from: the api's dependencies and what tells others of a change. */
export interface RouteDeps extends ApiDeps {
  effects: Effects;
}

/** `ctx.state` of every request. */
export interface AppState {
  requestId: string;
  /** The request's logger: category 'http', the request id, and the user once authenticated. */
  log: Logger;
  /** Set by `auth()`. */
  user?: AccessClaims;
  /** Set by `validate(schema)`: the parsed body and query. */
  input?: unknown;
}

/** A handler's context after `validate(schema)`; `I` is `RequestInput<typeof schema>`. */
export type ApiContext<I = unknown> = RouterContext<AppState & { input: I }>;

/** A handler's context after `auth()` and `validate(schema)`. */
export type AuthedContext<I = unknown> = RouterContext<AppState & { input: I; user: AccessClaims }>;
