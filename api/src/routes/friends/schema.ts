import { FriendRequestsQuery, IdParams, UserIdBody, UserIdParams } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

export const ListFriendsReq = { query: PageInput };
export type ListFriendsReq = RequestInput<typeof ListFriendsReq>;

export const ListFriendRequestsReq = { query: FriendRequestsQuery.extend({ cursor: PageInput.shape.cursor }) };
export type ListFriendRequestsReq = RequestInput<typeof ListFriendRequestsReq>;

export const SendFriendRequestReq = { body: UserIdBody };
export type SendFriendRequestReq = RequestInput<typeof SendFriendRequestReq>;

export const FriendRequestReq = { params: IdParams };
export type FriendRequestReq = RequestInput<typeof FriendRequestReq>;

export const FriendReq = { params: UserIdParams };
export type FriendReq = RequestInput<typeof FriendReq>;
