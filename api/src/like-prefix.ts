/** A case-insensitive prefix pattern for `lower(column) like ?`; `%`, `_` and `\` in the text mean themselves. */
export const likePrefix = (text: string): string => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
