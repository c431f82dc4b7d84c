import { IdParams, MatchHistoryQuery } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

/** Newest first: the cursor is the id of the last match of the previous page (match ids sort by time). */
export const MatchHistoryReq = { params: IdParams, query: MatchHistoryQuery.extend({ cursor: PageInput.shape.cursor }) };
export type MatchHistoryReq = RequestInput<typeof MatchHistoryReq>;

/** `/games/:id`, `/users/:id/game-stats`. */
export const ByIdReq = { params: IdParams };
export type ByIdReq = RequestInput<typeof ByIdReq>;
