/** Site administration (`/api/v1/admin/*` and `npm run admin`): roles, site bans, kicks, the audit log. */
import { z } from 'zod';
import { ConversationKind } from './conversations.js';
import { ReportReason } from './messages.js';

import { MeResponse, Username } from './auth.js';
import { Id, WellFormedText } from '../base-schemas.js';

export const SiteRole = MeResponse.shape.user.shape.role;
export type SiteRole = z.infer<typeof SiteRole>;

const DURATION = /^([1-9][0-9]{0,4})([mhdw])$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `30m`, `12h`, `7d`, `2w`: how long a ban lasts; absent or null, until lifted. */
export const Duration = z.string().regex(DURATION, 'duration_format');

/** The duration in milliseconds; null for one that is not a Duration. */
export function durationMs(text: string): number | null {
  const match = DURATION.exec(text);
  return match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

/** An IPv4 or IPv6 address, or a CIDR range (checked again, and made canonical, by the server). */
export const AddressRange = z.string().max(64).regex(/^[0-9a-fA-F:.]+(\/[0-9]{1,3})?$/, 'address_format');

const Reason = WellFormedText.pipe(z.string().trim().max(300));

/** `POST /api/v1/admin/bans`: an account (by username) or an address range, never both. */
export const SiteBanBody = z
  .strictObject({ username: Username.optional(), address: AddressRange.optional(), duration: Duration.nullable().optional(), reason: Reason.optional() })
  .refine((b) => (b.username === undefined) !== (b.address === undefined), { message: 'ban a username or an address, one of the two' });
export type SiteBanBody = z.infer<typeof SiteBanBody>;

/** `POST /api/v1/admin/kick`: ends every session of the account now. */
export const KickUserBody = z.strictObject({ username: Username });

/** `POST /api/v1/admin/roles` (admins only). */
export const SiteRoleBody = z.strictObject({ username: Username, role: SiteRole });

export const SiteBanView = z.object({
  id: z.string(),
  user: z.object({ id: z.string(), username: z.string() }).nullable(),
  address: z.string().nullable(),
  reason: z.string(),
  by: z.string().nullable(),
  createdAt: z.string(),
  until: z.string().nullable(),
});
export type SiteBanView = z.infer<typeof SiteBanView>;

export const AdminUserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: SiteRole,
  lastAddress: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
  createdAt: z.string(),
  bannedUntil: z.string().nullable().optional(),
});
export type AdminUserView = z.infer<typeof AdminUserView>;

/** `GET /api/v1/admin/users?q=` */
export const AdminUsersQuery = z.strictObject({ q: WellFormedText.pipe(z.string().trim().max(40)).optional() });

export const AuditAction = z.enum([
  'site.ban',
  'site.unban',
  'site.kick',
  'site.role',
  'channel.kick',
  'channel.ban',
  'channel.mute',
  'channel.unban',
  'channel.unmute',
  'message.sent',
  'message.reported',
  'report.resolved',
  'stickers.pack_created',
  'stickers.pack_deleted',
  'stickers.pack_enabled',
  'stickers.pack_disabled',
]);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * `GET /api/v1/admin/audit`: newest first, `before` an entry's cursor. Sends are the messages
 * themselves (author, time, the address they came from), read with the other actions.
 */
export const AuditQuery = z.strictObject({
  user: Username.optional(),
  address: AddressRange.optional(),
  action: AuditAction.optional(),
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditEntryView = z.object({
  cursor: z.string(),
  at: z.string(),
  action: AuditAction,
  actor: z.object({ id: z.string(), username: z.string() }).nullable(),
  address: z.string().nullable(),
  target: z.object({ id: z.string(), username: z.string() }).nullable(),
  targetAddress: z.string().nullable(),
  conversationId: z.string().nullable(),
  /** Where it happened: the conversation, its kind and name ('' for a DM). */
  conversation: z.object({ id: z.string(), kind: ConversationKind, name: z.string() }).nullable().default(null),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
export const AuditPage = z.object({ entries: z.array(AuditEntryView), next: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * `GET /api/v1/admin/reports`: the open reports, oldest first. `stored`: the message as the server
 * keeps it, for a plain one; an encrypted one has none, only what the reporter `disclosed`.
 */
export const ReportView = z.object({
  id: z.string(),
  at: z.string(),
  reason: ReportReason,
  note: z.string(),
  reporter: z.object({ id: z.string(), username: z.string() }).nullable(),
  author: z.object({ id: z.string(), username: z.string() }),
  conversation: z.object({ id: z.string(), kind: ConversationKind, name: z.string() }),
  message: z.object({ id: z.string(), seq: z.number().int(), at: z.string(), encrypted: z.boolean(), deleted: z.boolean(), stored: z.string().nullable() }),
  disclosed: z.string().nullable(),
});
export type ReportView = z.infer<typeof ReportView>;
export const ReportList = z.object({ reports: z.array(ReportView) });
export type ReportList = z.infer<typeof ReportList>;
