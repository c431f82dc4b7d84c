/**
 * What a route touches, declared on the route beside `auth()` (docs/architecture.md §5, "The
 * actor and what a route touches"): one conversation (and how its id is found: a path parameter,
 * the body, a record the route acts on), every conversation at once, the account, a person's own
 * ways in, or the site. The declaration checks the actor's token scope before the handler loads
 * anything; the route's policy decisions then take the same actor, scope included (the
 * conversation policy refuses a token out of reach itself). A route under `auth()` without one stops the
 * api from starting (routes-declared.ts), so a new route cannot forget the scope.
 */
import type { Middleware } from 'koa';
import { isPersonSession, scopePolicy, sitePolicy, type Actor, type Db } from '@volley/core';
import { apiError } from '../errors.js';
import type { AppState, AuthedContext } from '../context.js';

/** Set on a declaration: the route walk (routes-declared.ts) and the OpenAPI description read it. */
export const TOUCHES = Symbol('touches');

export type Touches = 'account' | 'person' | 'all_conversations' | 'conversation' | 'site';

export type Declaration = Middleware<AppState> & { [TOUCHES]: Touches };

/** Methods that change nothing: all a read-only bot token may use. */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The conversation the request acts on; `account` when the record it acts on has none (a queue's
 * game); null when it names none that exists yet (a new DM, an unknown link): beyond any limited scope.
 */
type FindConversation = (ctx: AuthedContext<never>) => Promise<Found> | Found;
type Found = string | 'account' | null | undefined;

function declaration(touches: Touches, check: (actor: Actor, ctx: AuthedContext<never>) => Promise<void> | void): Declaration {
  const middleware: Middleware<AppState> = async (ctx, next) => {
    await check(ctx.state.actor!, ctx as unknown as AuthedContext<never>);
    await next();
  };
  return Object.assign(middleware, { [TOUCHES]: touches });
}

const actionOf = (ctx: { method: string }, read?: 'read'): scopePolicy.ScopeAction => (read ?? (READS.has(ctx.method) ? 'read' : 'write'));

function requireScope(actor: Actor, action: scopePolicy.ScopeAction, subject: scopePolicy.ScopeSubject): void {
  if (!scopePolicy.can(actor, action, subject)) throw apiError('token_scope');
}

/** Only a person at their own session: a bot token (any scope) is refused its scope, a bot's own session is refused. */
function requirePerson(actor: Actor): void {
  if (actor.scope) throw apiError('token_scope');
  if (!isPersonSession(actor)) throw apiError('forbidden', { message: 'A bot account has no sign-in of its own to manage.' });
}

export const touches = {
  /** The account's own things (profile, friends, blocks, games, tournaments): any token; a read-only one only reads. */
  account: declaration('account', (actor, ctx) => requireScope(actor, actionOf(ctx), 'account')),
  /** The account's ways in (password, provider identities, two-factor, sessions, deletion): a person at their own session only. */
  person: declaration('person', requirePerson),
  /** Reads across every conversation at once (search without a conversation): a token that reaches them all. */
  allConversations: declaration('all_conversations', (actor, ctx) => requireScope(actor, actionOf(ctx), 'all_conversations')),
  /** The site's administration: a person's session with a site role (its own routes ask which); from ADMIN_ALLOWED_ADDRESSES (admin-guard.ts). */
  site: declaration('site', (actor) => {
    requirePerson(actor);
    if (!sitePolicy.can({ userId: actor.userId, role: actor.siteRole }, 'moderate')) throw apiError('forbidden');
  }),
  /**
   * One conversation, found by `find` once the input is validated; `read` for a POST that only
   * reads (a link's preview). A conversation that cannot be named is beyond a limited scope.
   */
  conversation: (find: FindConversation, read?: 'read'): Declaration =>
    declaration('conversation', async (actor, ctx) => {
      const action = actionOf(ctx, read);
      // A person's access token reaches everything its user may: no need to find the conversation.
      if (!actor.scope) return;
      const id = await find(ctx);
      requireScope(actor, action, id === 'account' ? 'account' : id ? { conversation: id } : 'all_conversations');
    }),
};

type Input = { params?: Record<string, string>; body?: Record<string, unknown>; query?: Record<string, unknown> };
export const input = (ctx: AuthedContext<never>): Input => (ctx.state.input ?? {}) as Input;

/** `/conversations/:id/…`: the path names the conversation (read before the input is, as a list of names the scope holds). */
export const conversationParam = touches.conversation((ctx) => (ctx.params as Record<string, string>).id);

/**
 * The conversation of the row `table` holds under the validated path parameter (or the body's
 * field); a row without one touches the account only.
 */
export const conversationOfRow = (db: Db, table: string, key: { param: string } | { body: string; column: string }, read?: 'read'): Declaration =>
  touches.conversation(async (ctx) => {
    const value = 'param' in key ? input(ctx).params?.[key.param] : input(ctx).body?.[key.body];
    if (typeof value !== 'string') return null;
    const row: { conversation_id: string | null } | undefined = await db(table)
      .where('param' in key ? 'id' : key.column, value)
      .first('conversation_id');
    return row ? (row.conversation_id ?? 'account') : null;
  }, read);
