import { TargetBody } from '@volley/shared';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const ListJoinRequestsReq = { query: PageInput };
export type ListJoinRequestsReq = RequestInput<typeof ListJoinRequestsReq>;

export const InviteReq = { body: TargetBody };
export type InviteReq = RequestInput<typeof InviteReq>;
