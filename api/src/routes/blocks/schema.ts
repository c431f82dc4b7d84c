import { UserIdParams } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

export const ListBlocksReq = { query: PageInput };
export type ListBlocksReq = RequestInput<typeof ListBlocksReq>;

export const BlockReq = { params: UserIdParams };
export type BlockReq = RequestInput<typeof BlockReq>;
