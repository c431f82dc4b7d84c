/**
 * The walk over the router that keeps every route honest at start: each route under `auth()`
 * declares what it touches (middleware/touches.ts), and each is matched with regard to case, so
 * that what the guards see (a prefix such as `/api/v1/admin`) is what the router routes.
 */
import { Router } from '@koa/router';
import { AUTHENTICATED } from '../middleware/auth.js';
import { TOUCHES, type Touches } from '../middleware/touches.js';

type Marked = { [AUTHENTICATED]?: true; [TOUCHES]?: Touches };

/** What the walk reads of a router's layer, whatever the router's state type. */
interface RouteLayer {
  methods: string[];
  path: unknown;
  stack: unknown[];
  opts: { sensitive?: boolean };
  match(path: string): boolean;
}
interface Walked {
  stack: RouteLayer[];
}

export interface RouteFacts {
  authenticated: boolean;
  /** What the route declares; `public` for a route without `auth()`. */
  touches: Touches | 'public' | undefined;
}

/**
 * Paths are matched case-sensitively (RFC 3986: only the scheme and host are not): ids, invite
 * tokens and codes in paths are data whose case counts, so lowering the path would change them.
 */
export const newRouter = <State>(options: { prefix?: string } = {}): Router<State> => new Router<State>({ ...options, sensitive: true });

/** A route's own middleware and the prefix middleware (`router.use(path, …)`) in front of it. */
export function routeFacts(root: Walked, layer: RouteLayer): RouteFacts {
  const prefixed = root.stack.filter((l) => l.methods.length === 0 && typeof layer.path === 'string' && l.match(layer.path));
  const marked = [...prefixed.flatMap((l) => l.stack), ...layer.stack] as Marked[];
  const authenticated = marked.some((m) => m[AUTHENTICATED]);
  return { authenticated, touches: marked.find((m) => m[TOUCHES])?.[TOUCHES] ?? (authenticated ? undefined : 'public') };
}

/** Throws, naming them, if a route under `auth()` declares nothing or is matched without regard to case. */
export function assertRoutesDeclared(root: Walked): void {
  const wrong: string[] = [];
  for (const layer of root.stack) {
    if (layer.methods.length === 0) continue;
    const name = `${layer.methods.join(',')} ${String(layer.path)}`;
    if (!routeFacts(root, layer).touches) wrong.push(`${name}: authenticated, but declares nothing it touches`);
    if (!layer.opts.sensitive) wrong.push(`${name}: matched without regard to case`);
  }
  if (wrong.length > 0) throw new Error(`Routes the api will not serve:\n${wrong.join('\n')}`);
}
