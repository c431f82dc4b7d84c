import { IdParams, TargetBody } from '@volley/shared';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const JoinRequestReq = { params: IdParams };
export type JoinRequestReq = RequestInput<typeof JoinRequestReq>;

export const ListJoinRequestsReq = { params: IdParams, query: PageInput };
export type ListJoinRequestsReq = RequestInput<typeof ListJoinRequestsReq>;

export const InviteReq = { params: IdParams, body: TargetBody };
export type InviteReq = RequestInput<typeof InviteReq>;
