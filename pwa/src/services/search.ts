/** Searching messages on the server: every conversation I am in, newest first, with the matched words marked. */
import type { ApiClient } from '@volley/client';

export const MESSAGE_SEARCH_PAGE = 20;

export const searchMessages = (api: ApiClient, q: string, cursor: string | null) => api.page(`/search?q=${encodeURIComponent(q)}`, (s) => s.SearchHit, cursor, MESSAGE_SEARCH_PAGE);
