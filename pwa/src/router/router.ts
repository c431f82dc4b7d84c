/**
 * A History API router as a reactive controller of the app shell: follows `popstate`, turns
 * clicks on same-origin links into navigations, matches `routes`, and imports a page before
 * showing it.
 */
import { createContext } from '@lit/context';
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { Confirmation } from '../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import { withLaterMessages } from '../i18n/i18n.js';

export type Params = Record<string, string>;

export interface Route {
  /** `/c/:convId`: `:name` segments become params. */
  path: string;
  /** `member` pages need a signed-in user; `public` ones are for everyone. */
  access: 'public' | 'member';
  /** Imports the page; routes sharing a page share this function (the router caches by it). */
  load: () => Promise<unknown>;
  render: (params: Params) => TemplateResult;
  /** The page tells when its main content has painted (`ViewShownEvent`): the shell holds what it loads after the first page until then. */
  showsLater?: boolean;
}

export interface RouteMatch {
  route: Route;
  params: Params;
}

/** Paths the server owns: a link there is a real page load, never an app route. (`/game/<id>` is a page; its socket is only ever a WebSocket.) */
const SERVER_PATHS = /^\/(api|sync|media|healthz)(\/|$)/;

export function matchRoute(routes: readonly Route[], pathname: string): RouteMatch | null {
  const parts = pathname.split('/').filter(Boolean);
  for (const route of routes) {
    const pattern = route.path.split('/').filter(Boolean);
    if (pattern.length !== parts.length) continue;
    const params: Params = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i]!;
      if (!segment.startsWith(':')) return segment === part;
      // A malformed escape (`/c/%E0`) is an address that leads nowhere, not a broken shell.
      const value = decoded(part);
      if (value === null) return false;
      params[segment.slice(1)] = value;
      return true;
    });
    if (matches) return { route, params };
  }
  return null;
}

function decoded(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** The question to ask before leaving the current page, or null when leaving loses nothing. */
export type LeaveGuard = () => Confirmation | null;

export class Router implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #routes: readonly Route[];
  readonly #loaded = new Map<Route['load'], 'loading' | 'loaded' | 'failed'>();
  readonly #guards = new Set<LeaveGuard>();
  path = location.pathname;

  constructor(host: ReactiveControllerHost, routes: readonly Route[]) {
    this.#host = host;
    this.#routes = routes;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('popstate', this.#onPopState);
    window.addEventListener('click', this.#onClick);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.#onPopState);
    window.removeEventListener('click', this.#onClick);
  }

  /**
   * While a page holds something leaving would lose (a game being played), `guard` answers the
   * question to ask first, or null; every navigation in the app (a link, Back, `navigate`) asks it
   * and stays when the person says no. Returns the way to stop guarding.
   */
  guard(question: LeaveGuard): () => void {
    this.#guards.add(question);
    return () => this.#guards.delete(question);
  }

  /** Calls `leave` at once when no guard objects, else once the person confirmed in the app's dialog (loaded then). */
  #ifMayLeave(leave: () => void, stay?: () => void): void {
    const question = [...this.#guards].map((guard) => guard()).find((asked) => asked !== null);
    if (!question) return leave();
    void withLaterMessages(() => import('../components/ui/volley-confirm-dialog/ask.js')).then(({ ask }) => ask(question)).then((sure) => (sure ? leave() : stay?.()));
  }

  navigate(path: string, { replace = false } = {}): void {
    if (path === this.path && !replace) return;
    this.#ifMayLeave(() => {
      history[replace ? 'replaceState' : 'pushState'](null, '', path);
      this.#moved(new URL(path, location.origin).pathname);
    });
  }

  match(): RouteMatch | null {
    return matchRoute(this.#routes, this.path);
  }

  /** 'loaded' once the route's page module is in; starts importing it otherwise (again after a failure, on the next navigation). */
  pageState(route: Route): 'loading' | 'loaded' | 'failed' {
    const { load } = route;
    const state = this.#loaded.get(load);
    if (state !== undefined) return state;
    this.#loaded.set(load, 'loading');
    load()
      .then(
        () => this.#loaded.set(load, 'loaded'),
        () => this.#loaded.set(load, 'failed'),
      )
      .finally(() => this.#host.requestUpdate());
    return 'loading';
  }

  readonly #onPopState = (): void => {
    // Back or Forward has already moved the address: it is put back if the person stays.
    this.#ifMayLeave(
      () => this.#moved(location.pathname),
      () => history.pushState(null, '', this.path),
    );
  };

  #moved(path: string): void {
    this.path = path;
    for (const [load, state] of this.#loaded) if (state === 'failed') this.#loaded.delete(load);
    this.#host.requestUpdate();
  }

  readonly #onClick = (event: MouseEvent): void => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor?.href || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) return;
    const url = new URL(anchor.href);
    if (url.origin !== location.origin || SERVER_PATHS.test(url.pathname)) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search + url.hash);
  };
}

export const routerContext = createContext<Router>(Symbol('volley.router'));
