import { CreateTournamentBody, HistoryQuery, IdParams, TournamentInviteBody, TournamentListQuery } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { PageInput } from '../../pagination.js';

export const CreateTournamentReq = { body: CreateTournamentBody };
export type CreateTournamentReq = RequestInput<typeof CreateTournamentReq>;

/** Newest first: the cursor is the id of the last tournament of the previous page. */
export const TournamentListReq = { query: TournamentListQuery.extend({ cursor: PageInput.shape.cursor }) };
export type TournamentListReq = RequestInput<typeof TournamentListReq>;

/** `/tournaments/:id/…`, `/users/:id/tournaments`. */
export const TournamentReq = { params: IdParams };
export type TournamentReq = RequestInput<typeof TournamentReq>;

export const PlayedTournamentsReq = { params: IdParams, query: TournamentListQuery.omit({ status: true }).extend({ cursor: PageInput.shape.cursor }) };
export type PlayedTournamentsReq = RequestInput<typeof PlayedTournamentsReq>;

export const TournamentInviteReq = { params: IdParams, body: TournamentInviteBody };
export type TournamentInviteReq = RequestInput<typeof TournamentInviteReq>;

/** The tournament's conversation, as its history: `?before=<seq>&limit=`. */
export const TournamentMessagesReq = { params: IdParams, query: HistoryQuery };
export type TournamentMessagesReq = RequestInput<typeof TournamentMessagesReq>;
