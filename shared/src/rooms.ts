/**
 * Sync rooms (`/sync/<room>`):
 * - `user.<userId>`: that user's private document (outbox, drafts, reads, …);
 * - `conv.<convId>.<n>`: segment n of a conversation, written by the server only.
 */
export type Room =
  | { kind: 'user'; userId: string }
  | { kind: 'conv'; convId: string; segment: number };

// ids.ts's ID_PATTERN, written again: importing ids.ts would bring the id maker (ulid) into every page's first load.
const ID = '[0-9A-HJKMNP-TV-Z]{26}';
const USER_ROOM = new RegExp(`^user\\.(${ID})$`);
const CONV_ROOM = new RegExp(`^conv\\.(${ID})\\.(0|[1-9][0-9]{0,8})$`);

export const userRoom = (userId: string): string => `user.${userId}`;
export const convRoom = (convId: string, segment: number): string => `conv.${convId}.${segment}`;

/** Parses a room name; null when it is not a room name Volley knows. */
export function parseRoom(name: string): Room | null {
  const user = USER_ROOM.exec(name);
  if (user) return { kind: 'user', userId: user[1]! };
  const conv = CONV_ROOM.exec(name);
  if (conv) return { kind: 'conv', convId: conv[1]!, segment: Number(conv[2]) };
  return null;
}
