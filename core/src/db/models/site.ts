import { BaseModel } from './base.js';

export type { SiteRole } from '@volley/shared';

/** A site-wide ban of one account or of an address range (`address`, CIDR); never both. */
export class SiteBan extends BaseModel {
  static override tableName = 'site_bans';

  id!: string;
  userId!: string | null;
  address!: string | null;
  reason!: string;
  byUserId!: string | null;
  createdAt!: Date;
  /** Null: until lifted. */
  until!: Date | null;
  liftedAt!: Date | null;
}

/** One moderation or administration act: who (null: the operator's command line), from where, on whom. */
export class AuditEntry extends BaseModel {
  static override tableName = 'audit_log';

  id!: string;
  at!: Date;
  actorId!: string | null;
  actorAddress!: string | null;
  action!: string;
  targetUserId!: string | null;
  targetAddress!: string | null;
  conversationId!: string | null;
  detail!: Record<string, unknown>;
}
