/** The path parameters of the api's routes, validated like bodies: a malformed one is a 400, never a lookup. */
import { z } from 'zod';
import { Id } from '../base-schemas.js';

/** `/…/:id`: a user, conversation, friend request, join request or game. */
export const IdParams = z.strictObject({ id: Id });
export type IdParams = z.infer<typeof IdParams>;

/** `/…/:userId` under the signed-in user (`/friends/:userId`, `/blocks/:userId`). */
export const UserIdParams = z.strictObject({ userId: Id });
export type UserIdParams = z.infer<typeof UserIdParams>;

/** `/conversations/:id/…/:userId`: someone in a conversation. */
export const MemberParams = z.strictObject({ id: Id, userId: Id });
export type MemberParams = z.infer<typeof MemberParams>;
