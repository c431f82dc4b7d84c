import { z } from 'zod';
import { fieldProblem } from '../field-problems.js';

import { UserSummary } from './users.js';
import { Id, WellFormedText } from '../base-schemas.js';

export const ChannelAccess = z.enum(['public', 'private', 'password']);
export type ChannelAccess = z.infer<typeof ChannelAccess>;

export const Role = z.enum(['owner', 'admin', 'member']);
export type Role = z.infer<typeof Role>;

export const CHANNEL_NAME = /^[\p{L}\p{N}_-]{1,40}$/u;
export const ChannelName = z.string().trim().regex(CHANNEL_NAME, 'channel_name_format');
export const ChannelPassword = z.string().min(4, fieldProblem('too_short', 4)).max(128);
export const Topic = z.string().trim().max(300);

/** `POST /api/v1/channels` */
export const CreateChannelBody = z
  .strictObject({
    name: ChannelName,
    access: ChannelAccess,
    password: ChannelPassword.optional(),
    topic: Topic.optional(),
    /** End-to-end encrypted (docs/protocol.md, "Encrypted messages"): a private channel only, for good. */
    encrypted: z.boolean().optional(),
  })
  .refine((b) => (b.access === 'password') === (b.password !== undefined), {
    message: 'password_channel',
    path: ['password'],
  })
  .refine((b) => !b.encrypted || b.access === 'private', { message: 'encrypted_private_only', path: ['encrypted'] });
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

/** `PATCH /api/v1/conversations/:id` (owner): rename, topic. */
export const UpdateChannelBody = z.strictObject({ name: ChannelName, topic: Topic }).partial();

/** `PUT /api/v1/conversations/:id/password` (owner): set or change; null removes it (the channel becomes public). */
export const ChannelPasswordBody = z.strictObject({ password: ChannelPassword.nullable() });

/** `POST /api/v1/conversations/:id/join` */
export const JoinBody = z.strictObject({ password: z.string().max(128).optional() });

/** `POST /api/v1/conversations/dm` */
export const OpenDmBody = z.strictObject({
  userId: Id,
  /**
   * End-to-end encrypted (docs/protocol.md, "Encrypted messages"). Asked of the pair's existing
   * plain DM, it turns encryption on from its next message: earlier messages stay as they were.
   */
  encrypted: z.boolean().optional(),
});

export const TargetBody = z.strictObject({ userId: Id });

/** `POST .../ban`: minutes null or absent = permanent. */
export const BanBody = z.strictObject({
  userId: Id,
  minutes: z.number().int().min(1).max(525_600).nullable().optional(),
  reason: z.string().trim().max(300).optional(),
});
export const MuteBody = z.strictObject({ userId: Id, minutes: z.number().int().min(1).max(525_600) });
export const RoleBody = z.strictObject({ role: z.enum(['admin', 'member']) });

export const Member = z.object({
  user: UserSummary,
  role: Role,
  joinedAt: z.string(),
  mutedUntil: z.string().nullable(),
});
export type Member = z.infer<typeof Member>;

export const JoinRequestStatus = z.enum(['pending', 'accepted', 'rejected']);
export type JoinRequestStatus = z.infer<typeof JoinRequestStatus>;
export const JOIN_REQUEST_MESSAGE_MAX = 300;

/** `POST /api/v1/conversations/:id/join-requests`: a few words for the admins, if any. */
export const JoinRequestBody = z.strictObject({ message: WellFormedText.pipe(z.string().trim().max(JOIN_REQUEST_MESSAGE_MAX)).optional() });

export const JoinRequest = z.object({
  id: z.string(),
  conversationId: z.string(),
  user: UserSummary,
  status: JoinRequestStatus,
  /** What the requester wrote to the admins; null when nothing. */
  message: z.string().nullable().default(null),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** `GET /api/v1/channels?q=`: the directory of channels (a private one by its name and topic only). */
export const ChannelDirectoryQuery = z.strictObject({
  q: z.string().trim().max(40).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const ChannelSummary = z.object({
  id: z.string(),
  name: z.string(),
  topic: z.string(),
  access: ChannelAccess,
  /** Null for a private channel I am not in: it shows its name and topic only. */
  memberCount: z.number().int().nullable(),
  joined: z.boolean(),
  /** My latest request to join (private channels), if any. */
  myRequest: JoinRequestStatus.nullable().default(null),
});
export type ChannelSummary = z.infer<typeof ChannelSummary>;

/** A private channel's invite link, for its members: the PWA's address is `/join/<token>`. */
export const InviteLink = z.object({ token: z.string(), createdAt: z.string() });
export type InviteLink = z.infer<typeof InviteLink>;

/** `POST /api/v1/invite-links/preview` and `/join`: the token in the body, never in an API address. */
export const InviteLinkBody = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'link_format') });

/** Where a link leads, before joining. */
export const InviteLinkPreview = z.object({ conversationId: z.string(), name: z.string(), topic: z.string() });
export type InviteLinkPreview = z.infer<typeof InviteLinkPreview>;
