import { AnswerInvitationParams, MatchHistoryQuery } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

/** Newest first: the cursor is the id of the last match of the previous page (match ids sort by time). */
export const MatchHistoryReq = { query: MatchHistoryQuery.extend({ cursor: PageInput.shape.cursor }) };
export type MatchHistoryReq = RequestInput<typeof MatchHistoryReq>;

/** A game id in the path; anything else names no game. */
export const isGameId = (id: string | undefined): id is string => AnswerInvitationParams.safeParse({ id }).success;
