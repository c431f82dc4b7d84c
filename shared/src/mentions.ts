/** `@username` mentions in text: one rule for the client's highlighting and the server's notifications. */

/** A username (USERNAME_PATTERN) after `@`, not inside a word or an e-mail address. */
const MENTION = /(?<![\w@])@([A-Za-z0-9_]{3,20})(?![A-Za-z0-9_])/g;

export interface MentionMatch {
  /** Where `@` is, in UTF-16 units. */
  start: number;
  /** Just after the username. */
  end: number;
  username: string;
}

/** The mentions of a run of plain text (no Markdown: `@bob` inside code is the caller's to leave out), in order. */
export function findMentions(text: string): MentionMatch[] {
  return Array.from(text.matchAll(MENTION), (match) => ({ start: match.index, end: match.index + match[0].length, username: match[1]! }));
}

/** The usernames mentioned, lower-cased (usernames are unique regardless of case), each once. */
export function uniqueUsernames(mentions: readonly MentionMatch[]): string[] {
  return [...new Set(mentions.map((mention) => mention.username.toLowerCase()))];
}

/** A run of text with its mentions cut out. */
export type TextPart = { text: string; mention?: undefined } | { text: string; mention: string };

export function splitMentions(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const { start, end, username } of findMentions(text)) {
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: text.slice(start, end), mention: username });
    last = end;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** The URL of a link in a message when it is http(s) or mailto; null otherwise (`javascript:`, `data:`, relative, broken). */
export function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : null;
  } catch {
    return null;
  }
}
