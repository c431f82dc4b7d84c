/** Tournaments over the API (docs/architecture.md §9), through the client library; they need a connection. */
import type { ApiClient } from '@volley/client';
import type { CreateTournamentBody } from '@volley/shared';

export const TOURNAMENTS_PAGE = 20;

const path = (id: string, rest = '') => `/tournaments/${encodeURIComponent(id)}${rest}`;

export const listTournaments = (api: ApiClient, cursor: string | null) => api.page('/tournaments', (s) => s.TournamentView, cursor, TOURNAMENTS_PAGE);

export const createTournament = (api: ApiClient, body: Partial<CreateTournamentBody>) => api.request('POST', '/tournaments', { body, schema: (s) => s.TournamentDetail });

export const fetchTournament = (api: ApiClient, id: string) => api.request('GET', path(id), { schema: (s) => s.TournamentDetail });

export const registerFor = (api: ApiClient, id: string) => api.request('POST', path(id, '/register'), { schema: (s) => s.TournamentDetail });

export const withdrawFrom = (api: ApiClient, id: string) => api.request('POST', path(id, '/withdraw'));

export const startTournament = (api: ApiClient, id: string) => api.request('POST', path(id, '/start'), { schema: (s) => s.TournamentDetail });

/** Its conversation's latest lines (pairings, results, the players' words), newest first: spectators read them here. */
export const fetchTournamentMessages = (api: ApiClient, id: string, limit: number) => api.request('GET', path(id, `/messages?limit=${limit}`), { schema: (s) => s.HistoryPage });

/** The tournaments a user played, newest first (the latest page: a profile shows those). */
export const fetchPlayedTournaments = (api: ApiClient, userId: string) =>
  api.request('GET', `/users/${encodeURIComponent(userId)}/tournaments?limit=${TOURNAMENTS_PAGE}`, { schema: (s) => s.PlayedTournamentPage });
