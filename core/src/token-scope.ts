/**
 * What a token may do (docs/protocol.md, "Bot tokens"): the one rule read by the HTTP api, the
 * sync sockets, the outbox, streamed chunks and the game sockets. An access token (JWT) carries no
 * scope and may do all its user may; a bot token may be read-only, or reach only some
 * conversations. This narrows what membership allows, never widens it.
 */
import type { AccessClaims } from './tokens.js';

/** Whether the token may change anything: send, edit, react, stream, play, any HTTP mutation. */
export const mayWrite = (user: AccessClaims): boolean => !user.scope || user.scope.access === 'read_write';

/** Whether the token reaches the conversation at all (its rooms, its history, its members). */
export const mayReach = (user: AccessClaims, convId: string): boolean =>
  !user.scope?.conversations || user.scope.conversations.includes(convId);

/** Whether the token may act in the conversation: reach it and write. */
export const mayWriteIn = (user: AccessClaims, convId: string): boolean => mayWrite(user) && mayReach(user, convId);

/** Whether the token reaches every conversation of its user (lists, searches, DMs to open). */
export const reachesAll = (user: AccessClaims): boolean => !user.scope?.conversations;
