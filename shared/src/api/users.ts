import { z } from 'zod';
import { PublicUser } from './auth.js';

export const DISPLAY_NAME_MAX = 40;
export const BIO_MAX = 500;

/** How the viewer relates to a user; drives the buttons on a profile. */
export const Relation = z.enum(['self', 'friend', 'request_sent', 'request_received', 'blocked', 'none']);
export type Relation = z.infer<typeof Relation>;

export const UserProfile = PublicUser.extend({
  bio: z.string(),
  /** `/media/avatars/<file>`, or null. */
  avatarUrl: z.string().nullable(),
  createdAt: z.string(),
  relation: Relation,
});
export type UserProfile = z.infer<typeof UserProfile>;

/** `PATCH /api/v1/me` */
export const UpdateProfileBody = z
  .strictObject({
    displayName: z.string().trim().min(1, 'required').max(DISPLAY_NAME_MAX),
    bio: z.string().trim().max(BIO_MAX),
    /** The language of the mails the server sends this user. */
    locale: z.enum(['en', 'fr']),
  })
  .partial();
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>;

/** `GET /api/v1/users?q=&cursor=&limit=`: prefix of username or display name, case-insensitive. */
export const UserSearchQuery = z.strictObject({
  q: z.string().trim().min(1, 'required').max(40),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type UserSearchQuery = z.infer<typeof UserSearchQuery>;

export const UserSummary = PublicUser.extend({ avatarUrl: z.string().nullable() });
export type UserSummary = z.infer<typeof UserSummary>;
