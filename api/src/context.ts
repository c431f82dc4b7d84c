import type { RouterContext } from '@koa/router';
import type { AccessClaims, Actor, Credentials, Deps, Logger, SiteGate } from '@volley/core';
import type { Effects } from './services/effects.js';
import type { BlobStore } from './storage/index.js';
import type { Throttles } from './throttles/index.js';

/** What the api is built from (`openDeps`); the caller owns these and closes them. */
export type ApiDeps = Deps;

/**
 * The api's dependencies and what createApi builds from them once for every part: the one door for
 * credentials (access and bot tokens), and the store of attachments' bytes.
 */
export interface CredentialDeps extends ApiDeps {
  credentials: Credentials;
  store: BlobStore;
}

/** What the routes are built from: the api's dependencies and what tells others of a change. */
export interface RouteDeps extends CredentialDeps {
  effects: Effects;
  throttles: Throttles;
}

/** `ctx.state` of every request. */
export interface AppState {
  requestId: string;
  /** The request's logger: category 'http', the request id, and the user once authenticated. */
  log: Logger;
  /** Set by `siteGate()`: the gate `auth()` asks, and the address the request came from. */
  gate?: SiteGate;
  address?: string | null;
  /** Set by `auth()`: the token's claims, and the whole actor every policy decision takes. */
  user?: AccessClaims;
  actor?: Actor;
  /** Set by `validate(schema)`: the parsed body and query. */
  input?: unknown;
}

/** A handler's context after `validate(schema)`; `I` is `RequestInput<typeof schema>`. */
export type ApiContext<I = unknown> = RouterContext<AppState & { input: I }>;

/** A handler's context after `auth()` and `validate(schema)`. */
export type AuthedContext<I = unknown> = RouterContext<AppState & { input: I; user: AccessClaims; actor: Actor }>;
