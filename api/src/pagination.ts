import { z } from 'zod';
import { Id, PageQuery, fieldProblem } from '@volley/shared';

/**
 * Lists page by id: the cursor is the last id of the previous page, opaque to clients
 * (base64url) so the key can change without breaking them.
 */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

/** A ranked list's cursor: its compound key as JSON, then as `encodeCursor`. */
export const encodeKeyCursor = (key: unknown): string => encodeCursor(JSON.stringify(key));

/** A `cursor` query field decoded to the key it carries (`read` turns the decoded text into it), or 400. */
export const cursorField = <T>(key: z.ZodType<T>, read: (text: string) => unknown = (text) => text) =>
  PageQuery.shape.cursor.unwrap().transform((cursor, ctx): T => {
    let value: unknown;
    try {
      value = read(Buffer.from(cursor, 'base64url').toString());
    } catch {
      value = undefined;
    }
    const parsed = key.safeParse(value);
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: fieldProblem('cursor_format') });
    return z.NEVER;
  });

/** `?cursor=&limit=` with the cursor decoded to the id to continue after. */
export const PageInput = PageQuery.extend({ cursor: cursorField(Id).optional() });

/** Fetch `limit + 1` rows: the extra one only tells whether another page follows. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

/** What `pageAfter` needs of a query builder (objection's and knex's both fit). */
interface Pageable {
  where(column: string, operator: string, value: string): unknown;
  orderBy(column: string): { limit(count: number): unknown };
}

/** `.modify(pageAfter('users.id', page))`: the rows after the cursor in that column's order, one more than a page (see toPage). */
export const pageAfter =
  (column: string, { cursor, limit }: { cursor?: string | undefined; limit: number }) =>
  (query: Pageable): void => {
    if (cursor !== undefined) query.where(column, '>', cursor);
    query.orderBy(column).limit(limit + 1);
  };
