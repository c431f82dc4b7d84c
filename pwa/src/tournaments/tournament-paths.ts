/** Where a tournament's page is: its bracket, its players and its live matches. */
export { tournamentPath } from '@volley/shared';
