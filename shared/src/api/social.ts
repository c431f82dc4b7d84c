import { z } from 'zod';

import { UserSummary } from './users.js';
import { Id } from '../base-schemas.js';

/** `POST /api/v1/friends/requests`, `PUT /api/v1/blocks/:userId` take a user id. */
export const UserIdBody = z.strictObject({ userId: Id });
export type UserIdBody = z.infer<typeof UserIdBody>;

export const FriendRequestStatus = z.enum(['pending', 'accepted', 'declined', 'cancelled']);

export const FriendRequest = z.object({
  id: z.string(),
  from: UserSummary,
  to: UserSummary,
  status: FriendRequestStatus,
  createdAt: z.string(),
});
export type FriendRequest = z.infer<typeof FriendRequest>;

/** `GET /api/v1/friends/requests?direction=received|sent` */
export const FriendRequestsQuery = z.strictObject({
  direction: z.enum(['received', 'sent']).default('received'),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const Friend = z.object({ user: UserSummary, since: z.string() });
export type Friend = z.infer<typeof Friend>;

export const Blocked = z.object({ user: UserSummary, since: z.string() });
export type Blocked = z.infer<typeof Blocked>;
