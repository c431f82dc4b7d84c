/** Where a tournament's page is: its bracket, its players and its live matches. */
export const tournamentPath = (id: string): string => `/tournaments/${id}`;
