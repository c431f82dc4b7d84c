import * as Y from 'yjs';
import type { RoomFanout } from './room-fanout.js';
import type { UpdateLog } from './update-log.js';

/**
 * A server write into a room from a process that does not hold the room (the api writing a
 * notification into `user.<id>`): the change is made on an empty document, stored in the
 * room's update log, and published like any update, so a sync server holding the room
 * applies it and one loading it later reads it.
 *
 * Only for changes that do not depend on the room's state, such as setting a key no one else
 * writes (a new ULID): made on an empty document, anything else would not merge as meant.
 */
export async function writeIntoRoom(
  deps: { log: UpdateLog; fanout: RoomFanout },
  room: string,
  change: (doc: Y.Doc) => void,
): Promise<void> {
  const update = serverUpdate(change);
  await deps.log.append(room, update);
  deps.fanout.publish(room, 'update', update);
}

/** The update of such a change, made on an empty document, for a caller that stores it in its own transaction. */
export function serverUpdate(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
