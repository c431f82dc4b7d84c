import { z } from 'zod';
import { Id } from '../ids.js';
import { UserSummary } from './users.js';

export const ChannelAccess = z.enum(['public', 'private', 'password']);
export type ChannelAccess = z.infer<typeof ChannelAccess>;

export const Role = z.enum(['owner', 'admin', 'member']);
export type Role = z.infer<typeof Role>;

export const CHANNEL_NAME = /^[\p{L}\p{N}_-]{1,40}$/u;
export const ChannelName = z.string().trim().regex(CHANNEL_NAME, 'channel_name_format');
export const ChannelPassword = z.string().min(4, 'at least 4 characters').max(128);
export const Topic = z.string().trim().max(300);

/** `POST /api/v1/channels` */
export const CreateChannelBody = z
  .strictObject({ name: ChannelName, access: ChannelAccess, password: ChannelPassword.optional(), topic: Topic.optional() })
  .refine((b) => (b.access === 'password') === (b.password !== undefined), {
    message: 'password_channel',
    path: ['password'],
  });
export type CreateChannelBody = z.infer<typeof CreateChannelBody>;

/** `PATCH /api/v1/conversations/:id` (owner): rename, topic. */
export const UpdateChannelBody = z.strictObject({ name: ChannelName, topic: Topic }).partial();

/** `PUT /api/v1/conversations/:id/password` (owner): set or change; null removes it (the channel becomes public). */
export const ChannelPasswordBody = z.strictObject({ password: ChannelPassword.nullable() });

/** `POST /api/v1/conversations/:id/join` */
export const JoinBody = z.strictObject({ password: z.string().max(128).optional() });

/** `POST /api/v1/conversations/dm` */
export const OpenDmBody = z.strictObject({ userId: Id });

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
export const JoinRequest = z.object({
  id: z.string(),
  conversationId: z.string(),
  user: UserSummary,
  status: JoinRequestStatus,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** `GET /api/v1/channels?q=`: the directory of public and password channels. */
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
  memberCount: z.number().int(),
  joined: z.boolean(),
});
export type ChannelSummary = z.infer<typeof ChannelSummary>;
