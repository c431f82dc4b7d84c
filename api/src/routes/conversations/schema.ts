import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const ListConversationsReq = { query: PageInput };
export type ListConversationsReq = RequestInput<typeof ListConversationsReq>;
