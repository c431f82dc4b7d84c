import type { User } from '@volley/core';

/** The text lowercased with `%`, `_` and `\` meaning themselves in a `like` pattern. */
const likeText = (text: string): string => text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);

/** A case-insensitive prefix pattern for `lower(column) like ?`; `%`, `_` and `\` in the text mean themselves. */
export const likePrefix = (text: string): string => `${likeText(text)}%`;

/** The same, for the text anywhere in the column. */
export const likeContains = (text: string): string => `%${likeText(text)}%`;

/** `.modify(userNamePrefix(text))`: users whose username or display name starts with the text, in any case. */
export const userNamePrefix =
  (text: string) =>
  (query: ReturnType<typeof User.query>): void => {
    const pattern = likePrefix(text);
    query.where((w) => w.whereRaw('lower(users.username) like ?', [pattern]).orWhereRaw('lower(users.display_name) like ?', [pattern]));
  };
