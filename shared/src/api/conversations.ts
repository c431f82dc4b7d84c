import { z } from 'zod';

export const ConversationKind = z.enum(['world', 'dm', 'channel']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const Conversation = z.object({
  id: z.string(),
  kind: ConversationKind,
  name: z.string(),
  /** Number of the segment new messages go to: the room `conv.<id>.<headSegment>`. */
  headSegment: z.number().int().nonnegative(),
  lastSeq: z.number().int().nonnegative(),
  createdAt: z.string(),
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
