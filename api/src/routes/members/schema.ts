import { ChannelDirectoryQuery, IdParams, JoinBody, MemberParams, RoleBody, TargetBody } from '@volley/shared';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const JoinReq = { params: IdParams, body: JoinBody };
export type JoinReq = RequestInput<typeof JoinReq>;

/** `?q=`: a prefix of the username or display name (mention completion), the same field as the directory's. */
export const LeaveReq = { params: IdParams };
export type LeaveReq = RequestInput<typeof LeaveReq>;

export const ListMembersReq = { params: IdParams, query: PageInput.extend({ q: ChannelDirectoryQuery.shape.q }) };
export type ListMembersReq = RequestInput<typeof ListMembersReq>;

export const RoleReq = { params: MemberParams, body: RoleBody };
export type RoleReq = RequestInput<typeof RoleReq>;

export const TransferReq = { params: IdParams, body: TargetBody };
export type TransferReq = RequestInput<typeof TransferReq>;
