import { IdParams, JoinRequestBody, TargetBody } from '@volley/shared';
import { z } from 'zod';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const JoinRequestReq = { params: IdParams };
export type JoinRequestReq = RequestInput<typeof JoinRequestReq>;

export const AskToJoinReq = { params: IdParams, body: JoinRequestBody };
export type AskToJoinReq = RequestInput<typeof AskToJoinReq>;

/** Pending requests (to decide), or every request with its outcome. */
export const ListJoinRequestsReq = { params: IdParams, query: PageInput.extend({ status: z.enum(['pending', 'all']).default('pending') }) };
export type ListJoinRequestsReq = RequestInput<typeof ListJoinRequestsReq>;

export const InviteReq = { params: IdParams, body: TargetBody };
export type InviteReq = RequestInput<typeof InviteReq>;
