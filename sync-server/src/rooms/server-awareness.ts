/** The server's own awareness state in a `user.<id>` room (shared/src/presence.ts): one state, several fields. */
import type { ServerPresenceAwareness } from '@volley/shared';
import type { Awareness } from 'y-protocols/awareness';

type Field = keyof ServerPresenceAwareness;

export const serverField = <K extends Field>(awareness: Awareness, field: K): ServerPresenceAwareness[K] | undefined =>
  (awareness.getLocalState() as Partial<ServerPresenceAwareness> | null)?.[field];

/** Sets one field and keeps the others (friends' presence and the inbox are set apart). */
export function setServerField<K extends Field>(awareness: Awareness, field: K, value: ServerPresenceAwareness[K]): void {
  awareness.setLocalState({ presence: {}, ...awareness.getLocalState(), [field]: value });
}
