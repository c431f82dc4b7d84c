import { z } from 'zod';
import { HistoryQuery, IdParams, ReportBody, SearchQuery } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';
import { cursorField } from '../../pagination.js';
import type { SearchKey } from '../../services/search-messages.js';

export const HistoryReq = { params: IdParams, query: HistoryQuery };
export type HistoryReq = RequestInput<typeof HistoryReq>;

export const PinsReq = { params: IdParams };
export type PinsReq = RequestInput<typeof PinsReq>;

const SearchCursor = cursorField<SearchKey>(z.tuple([z.number(), z.iso.datetime(), z.string().min(1).max(64)]), JSON.parse);

export const SearchReq = { query: SearchQuery.extend({ cursor: SearchCursor.optional() }) };
export type SearchReq = RequestInput<typeof SearchReq>;

export const ReportReq = { params: IdParams, body: ReportBody };
export type ReportReq = RequestInput<typeof ReportReq>;
