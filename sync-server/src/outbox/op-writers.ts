/**
 * Which socket wrote an op: an op is an entry in the user's own document, written through a
 * socket, so the socket's token scope and address are noted as the entry arrives. The op is held
 * to the scope (docs/protocol.md, "Bot tokens"; core/src/policies/scope.ts), and its message is
 * recorded as sent from the address (docs/architecture.md §5, "Audit log"). An op whose writer this
 * process did not see (written through another instance, or before a restart) is held to the
 * bot's live tokens together: it passes if one of them would let it, so a bot whose tokens are all
 * read-only never writes; its message takes its author's last address. A person's ops (access
 * tokens) carry no scope.
 */
import { scopePolicy, type AccessClaims, type Db } from '@volley/core';
import type { OutboxOp } from '@volley/shared';
import type { Refusal } from './refusals.js';

type Scope = AccessClaims['scope'];

interface Writer {
  scope: Scope;
  address: string | null;
}

/** Ops noted and not decided yet (their room unloaded first) are forgotten past this many, oldest first: they fall back to the rule for unseen writers. */
const MAX_NOTED = 10_000;

export class OpWriters {
  /** Op id → the socket that wrote it: its scope (undefined for an access token) and address. */
  private readonly writers = new Map<string, Writer>();

  constructor(private readonly db: Db) {}

  /** `origin` is the transaction's: a Connection for a client's write, with the user it was opened as and its address. */
  noted(id: string, origin: unknown): void {
    const { user, address } = (origin as { user?: AccessClaims; address?: string | null } | null) ?? {};
    if (!user || typeof user.userId !== 'string') return;
    this.writers.set(id, { scope: user.scope, address: typeof address === 'string' ? address : null });
    if (this.writers.size > MAX_NOTED) this.writers.delete(this.writers.keys().next().value!);
  }

  /** The address of the socket that wrote the op, if this process saw it (ask before `refusal`). */
  addressOf(id: string): string | null {
    return this.writers.get(id)?.address ?? null;
  }

  /** Why the op may not be made through the token that wrote it, if it may not; forgets the op. */
  async refusal(id: string, actor: { id: string; botOwnerId?: string | null }, op: OutboxOp): Promise<Refusal | null> {
    const seen = this.writers.has(id);
    const scope = this.writers.get(id)?.scope;
    this.writers.delete(id);
    const allowed = (scope: Scope) => scopePolicy.can({ scope }, 'write', { conversation: op.convId });
    if (seen) return allowed(scope) ? null : { kind: 'rejected', reason: 'token_scope' };
    if (!actor.botOwnerId) return null;
    const live: { id: string; access: 'read' | 'read_write'; conversations: string[] | null }[] = await this.db('bot_tokens')
      .where('bot_id', actor.id)
      .whereNull('revoked_at')
      .select('id', 'access', 'conversations');
    return live.some((t) => allowed({ tokenId: t.id, access: t.access, conversations: t.conversations })) ? null : { kind: 'rejected', reason: 'token_scope' };
  }
}
