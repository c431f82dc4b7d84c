import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';

const COOKIE = 'volley_oauth';
const TTL_MS = 10 * 60_000;

/** A sign-in under way; `userId` when a signed-in user is linking the provider to their account. */
const Pending = z.object({
  state: z.string(),
  codeVerifier: z.string(),
  nonce: z.string().optional(),
  userId: z.string().optional(),
  expiresAt: z.number(),
});
export type Pending = Omit<z.infer<typeof Pending>, 'expiresAt'>;

/**
 * The state, PKCE verifier and nonce stay in the browser that started, in an httpOnly cookie
 * signed by the server (any api process can check it; nothing to store), sent only to the
 * callback. SameSite=Lax: the provider's redirect back is a top-level navigation from its site.
 */
export class PendingCookie {
  constructor(private readonly secret: string) {}

  set(ctx: Context, pending: Pending): void {
    const payload = Buffer.from(JSON.stringify({ ...pending, expiresAt: Date.now() + TTL_MS })).toString('base64url');
    ctx.cookies.set(COOKIE, `${payload}.${this.sign(payload)}`, { ...options(ctx), maxAge: TTL_MS });
  }

  /** The pending sign-in, once: the cookie is cleared. Undefined when missing, forged or expired. */
  take(ctx: Context): Pending | undefined {
    const [payload, signature] = (ctx.cookies.get(COOKIE) ?? '').split('.');
    ctx.cookies.set(COOKIE, null, options(ctx));
    if (!payload || !signature) return undefined;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const parsed = Pending.safeParse(safeJson(Buffer.from(payload, 'base64url').toString()));
    if (!parsed.success || parsed.data.expiresAt < Date.now()) return undefined;
    const { expiresAt: _, ...pending } = parsed.data;
    return pending;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`oauth-pending:${payload}`).digest('base64url');
  }
}

const options = (ctx: Context) => ({ path: '/api/v1/auth/oauth', httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, overwrite: true });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
