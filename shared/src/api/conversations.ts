import { z } from 'zod';

import { ChannelAccess, Role } from './channels.js';
import { UserSummary } from './users.js';
import { SYSTEM_SEQS_KEPT } from './constants.js';
import { Accent } from '../base-schemas.js';

export const ConversationKind = z.enum(['world', 'dm', 'channel']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const Conversation = z.object({
  id: z.string(),
  kind: ConversationKind,
  name: z.string(),
  /** Number of the segment new messages go to: the room `conv.<id>.<headSegment>`. */
  headSegment: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  /**
   * The message `lastSeq`: its first characters ('' once deleted), time (ISO 8601), author (id and
   * username: the list says who spoke last) and whether it was deleted (absent from a server that
   * predates it: false); null before the first.
   */
  lastMessage: z
    .object({
      /** The message's id; absent from a server that predates it. */
      id: z.string().optional(),
      preview: z.string(),
      at: z.string(),
      author: z.string().nullable().default(null),
      authorName: z.string().default(''),
      deleted: z.boolean().default(false),
    })
    .nullable()
    .default(null),
  /**
   * The seqs of its newest system lines (a tournament's pairings and results), ascending, at most
   * `SYSTEM_SEQS_KEPT`: no one's new message, so an unread count leaves them out (absent from a
   * server that predates it: none).
   */
  systemSeqs: z.array(z.number().int().positive()).max(SYSTEM_SEQS_KEPT).default([]),
  createdAt: z.string(),
  /** Channels only. */
  access: ChannelAccess.nullable().default(null),
  topic: z.string().default(''),
  /** Its accent colour, chosen by a DM's members or a channel's owner and admins; null: the app's own. */
  accent: Accent.nullable().default(null),
  /** End-to-end encrypted: its messages are ciphertext for the members' devices (docs/protocol.md, "Encrypted messages"). */
  encrypted: z.boolean().default(false),
  /** The viewer's role; null when the viewer is not a member (a directory entry). */
  myRole: Role.nullable().default(null),
  /** When the viewer's mute ends, if muted. */
  mutedUntil: z.string().nullable().default(null),
  /** DMs only: the other person. */
  peer: UserSummary.nullable().default(null),
});
export type Conversation = z.infer<typeof Conversation>;

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ConversationList = Page(Conversation);
export type ConversationList = z.infer<typeof ConversationList>;

/** `?cursor=&limit=` of every list route. */
export const PageQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type PageQuery = z.infer<typeof PageQuery>;
