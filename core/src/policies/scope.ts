/**
 * What a token may do (docs/protocol.md, "Bot tokens"), for the HTTP api, the sync sockets, the
 * outbox, streamed chunks and the game sockets. An access token (JWT) carries no scope and may do
 * all its user may; a bot token may be read-only, or reach only some conversations. A scope
 * narrows what the other policies allow, never widens it.
 */
import type { TokenScope } from '@volley/shared';

/** The token an actor came with: `AccessClaims` fits. */
export interface Token {
  /** null or absent: a person's access token. */
  scope?: TokenScope | null | undefined;
}

/** Reading, or changing anything: send, edit, react, stream, play, any HTTP mutation. */
export type ScopeAction = 'read' | 'write';

/**
 * What the token acts on: one conversation (its rooms, its history, its members), every
 * conversation at once (lists, searches, DMs to open), or the account alone (its profile, the
 * game queue, any other HTTP route).
 */
export type ScopeSubject = { conversation: string } | 'all_conversations' | 'account';

export function can(token: Token, action: ScopeAction, subject: ScopeSubject): boolean {
  const { scope } = token;
  if (!scope) return true;
  if (action === 'write' && scope.access !== 'read_write') return false;
  if (subject === 'account') return true;
  const reach = scope.conversations;
  if (subject === 'all_conversations') return reach === null;
  return reach === null || reach.includes(subject.conversation);
}
