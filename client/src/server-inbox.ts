/** The server's inbox signal in a user room's awareness: apart from the memberships, for an app that reads it before loading them. */
import { movesOn, systemLinesOf, type InboxEntry, type ServerPresenceAwareness } from '@volley/shared';

/**
 * The newest entry per conversation (a deleted last message is newer than itself, `movesOn`) in the
 * `inbox` of the server's awareness states (one per server instance holding the room), with the
 * system lines all of them name.
 */
export function serverInbox(states: Map<number, Record<string, unknown>>): Map<string, InboxEntry> {
  const latest = new Map<string, InboxEntry>();
  for (const state of states.values()) {
    const inbox = (state as Partial<ServerPresenceAwareness>).inbox;
    if (!inbox || typeof inbox !== 'object') continue;
    for (const [convId, entry] of Object.entries(inbox)) {
      if (typeof entry?.lastSeq !== 'number') continue;
      const before = latest.get(convId);
      const system = systemLinesOf(before?.system, Array.isArray(entry.system) ? entry.system.filter(Number.isInteger) : undefined);
      latest.set(convId, { ...(movesOn(entry, before) ? entry : before!), ...(system && { system }) });
    }
  }
  return latest;
}
