import { IdParams, UserSearchQuery } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

export const SearchUsersReq = { query: UserSearchQuery.extend({ cursor: PageInput.shape.cursor }) };
export type SearchUsersReq = RequestInput<typeof SearchUsersReq>;

export const UserReq = { params: IdParams };
export type UserReq = RequestInput<typeof UserReq>;
