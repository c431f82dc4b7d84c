/**
 * The quota of a `user.<id>` document, the one document a client writes (limits in
 * shared/src/limits.ts). Checked before a client's update is applied: once applied it could not be
 * taken back (later writes, the server's outcomes among them, would stand on it).
 *
 * A refused update closes the socket with 4413 `too_large`, which a stock client does not retry:
 * the update is still in its document and would be sent again by every reconnection. The client
 * has to shrink what it holds (discard ops, drafts) first. An update flood is the frame budget's
 * (bytes and frames per second per socket and user); this bounds what a flood can leave behind.
 */
import { parseRoom, USER_DOC_MAX_BYTES, USER_UPDATE_MAX_BYTES } from '@volley/shared';
import * as Y from 'yjs';
import type { Room } from '../rooms/room.js';

/** Near the quota, the state is measured again once the log has grown by this much since. */
const REMEASURE_BYTES = 64 * 1024;
const measures = new WeakMap<Room, { logBytes: number; liveBytes: number }>();

export function withinUserQuota(room: Room, update: Uint8Array): boolean {
  if (parseRoom(room.name)?.kind !== 'user') return true;
  if (update.byteLength > USER_UPDATE_MAX_BYTES) return false;
  // The log is never smaller than the live state: only near the quota is the state measured (an
  // encode of the doc), and then once per REMEASURE_BYTES of growth, not once per update.
  if (room.logBytes + update.byteLength <= USER_DOC_MAX_BYTES) return true;
  let measure = measures.get(room);
  if (!measure || room.logBytes - measure.logBytes > REMEASURE_BYTES || room.logBytes < measure.logBytes) {
    measure = { logBytes: room.logBytes, liveBytes: Y.encodeStateAsUpdate(room.doc).byteLength };
    measures.set(room, measure);
  }
  return measure.liveBytes + (room.logBytes - measure.logBytes) + update.byteLength <= USER_DOC_MAX_BYTES;
}
