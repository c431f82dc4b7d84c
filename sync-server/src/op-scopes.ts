/**
 * Which token wrote an op (docs/protocol.md, "Bot tokens"): an op is an entry in the user's own
 * document, written through a socket, so the socket's token scope is noted as the entry arrives and
 * the op is then held to it (core/src/token-scope.ts). An op whose writer this process did not see
 * (written through another instance, or before a restart) is held to the bot's live tokens
 * together: it passes if one of them would let it, so a bot whose tokens are all read-only never
 * writes. A person's ops (access tokens) carry no scope.
 */
import { mayWriteIn, type AccessClaims, type Db } from '@volley/core';
import type { OutboxOp } from '@volley/shared';
import type { Refusal } from './refusals.js';

type Scope = AccessClaims['scope'];

/** Ops noted and not decided yet (their room unloaded first) are forgotten past this many, oldest first: they fall back to the rule for unseen writers. */
const MAX_NOTED = 10_000;

export class OpScopes {
  /** Op id → the scope of the socket that wrote it; undefined for an access token. */
  private readonly writers = new Map<string, Scope>();

  constructor(private readonly db: Db) {}

  /** `origin` is the transaction's: a Connection for a client's write, with the user it was opened as. */
  noted(id: string, origin: unknown): void {
    const user = (origin as { user?: AccessClaims } | null)?.user;
    if (!user || typeof user.userId !== 'string') return;
    this.writers.set(id, user.scope);
    if (this.writers.size > MAX_NOTED) this.writers.delete(this.writers.keys().next().value!);
  }

  /** Why the op may not be made through the token that wrote it, if it may not; forgets the op. */
  async refusal(id: string, actor: { id: string; botOwnerId?: string | null }, op: OutboxOp): Promise<Refusal | null> {
    const seen = this.writers.has(id);
    const scope = this.writers.get(id);
    this.writers.delete(id);
    const allowed = (s: Scope) => mayWriteIn({ userId: actor.id, username: '', expiresAt: 0, issuedAt: 0, scope: s }, op.convId);
    if (seen) return allowed(scope) ? null : { kind: 'rejected', reason: 'token_scope' };
    if (!actor.botOwnerId) return null;
    const live: { id: string; access: 'read' | 'read_write'; conversations: string[] | null }[] = await this.db('bot_tokens')
      .where('bot_id', actor.id)
      .whereNull('revoked_at')
      .select('id', 'access', 'conversations');
    return live.some((t) => allowed({ tokenId: t.id, access: t.access, conversations: t.conversations })) ? null : { kind: 'rejected', reason: 'token_scope' };
  }
}
