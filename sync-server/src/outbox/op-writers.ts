/**
 * Which socket wrote an op: an op is an entry in the user's own document, written through a
 * socket, so the socket's token scope and address are noted as the entry arrives. The scope is
 * part of the actor the conversation policy judges the op as (docs/protocol.md, "Bot tokens";
 * refusals.ts), and its message is recorded as sent from the address (docs/architecture.md §5,
 * "Audit log"). An op whose writer this process did not see (written through another instance, or
 * before a restart) is held to the bot's live tokens together: it passes if one of them would let
 * it, so a bot whose tokens are all read-only never writes; its message takes its author's last
 * address. A person's ops (access tokens) carry no scope.
 */
import { scopePolicy, type AccessClaims, type Db } from '@volley/core';
import type { TokenScope } from '@volley/shared';
import type { OpAuthor } from './author.js';

/** The token an op was written through: its scope (null for a person's access token), and the socket's address. */
export interface OpWriter {
  scope: TokenScope | null;
  address: string | null;
}

/** A bot without a live token writes nowhere. */
const NO_REACH: TokenScope = { access: 'read', conversations: [] };

/** Ops noted and not decided yet (their room unloaded first) are forgotten past this many, oldest first: they fall back to the rule for unseen writers. */
const MAX_NOTED = 10_000;

export class OpWriters {
  /** Op id → the socket that wrote it. */
  private readonly writers = new Map<string, OpWriter>();

  constructor(private readonly db: Db) {}

  /** `origin` is the transaction's: a Connection for a client's write, with the user it was opened as and its address. */
  noted(id: string, origin: unknown): void {
    const { user, address } = (origin as { user?: AccessClaims; address?: string | null } | null) ?? {};
    if (!user || typeof user.userId !== 'string') return;
    this.writers.set(id, { scope: user.scope ?? null, address: typeof address === 'string' ? address : null });
    if (this.writers.size > MAX_NOTED) this.writers.delete(this.writers.keys().next().value!);
  }

  /**
   * Who wrote the op into `convId`, and forgets it. Unseen, a bot's op takes the scope of a live
   * token that may write there, or one that reaches nothing; a person's takes none.
   */
  async writer(id: string, author: OpAuthor, convId: string): Promise<OpWriter> {
    const seen = this.writers.get(id);
    this.writers.delete(id);
    if (seen) return seen;
    if (!author.botOwnerId) return { scope: null, address: null };
    const live: TokenScope[] = await this.db('bot_tokens').where('bot_id', author.id).whereNull('revoked_at').select('access', 'conversations');
    const writes = live.find((scope) => scopePolicy.can({ scope }, 'write', { conversation: convId }));
    return { scope: writes ?? NO_REACH, address: null };
  }
}
