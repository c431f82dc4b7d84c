/** `@username` mentions in a message body: one rule for the client's highlighting and the server's notifications. */

/** A username (USERNAME_PATTERN) after `@`, not inside a word or an e-mail address. */
const MENTION = /(?<![\w@])@([A-Za-z0-9_]{3,20})(?![A-Za-z0-9_])/g;

/** The usernames mentioned, lower-cased (usernames are unique regardless of case), each once. */
export function mentionedUsernames(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(MENTION), (match) => match[1]!.toLowerCase()))];
}
