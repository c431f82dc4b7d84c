/** Who is typing and who is here, from a conversation room's awareness states (pure). */
import { msg } from '../i18n/i18n.js';

/** A session's awareness state on a conversation room; `user` is stamped by the server. */
export interface ConversationAwareness {
  typing?: boolean;
  user?: { id: string; name: string };
}

/** Other people typing (by name, each once) and how many people are here, me included. */
export function readAwareness(states: Map<number, Record<string, unknown>>, myClientId: number, myId: string): { typing: string[]; here: number } {
  const here = new Set([myId]);
  const typing = new Map<string, string>();
  for (const [clientId, state] of states) {
    const { user, typing: isTyping } = state as ConversationAwareness;
    if (clientId === myClientId || !user?.id) continue;
    here.add(user.id);
    if (isTyping && user.id !== myId) typing.set(user.id, user.name);
  }
  return { typing: [...typing.values()].sort(), here: here.size };
}

/** "alice is typing…", "alice and bob are typing…", "3 people are typing…", or ''. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return msg('typing.one', { name: names[0]! });
  if (names.length === 2) return msg('typing.two', { first: names[0]!, second: names[1]! });
  return msg('typing.many', { count: names.length });
}
