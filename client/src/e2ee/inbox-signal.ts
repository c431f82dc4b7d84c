/**
 * Reads a device's inbox as soon as the server signals that something was put into it: the
 * `deviceInbox` stamp of the server's state in the user's own room (docs/protocol.md, "Encrypted
 * messages"), so a key or a verification step arrives without polling.
 */
import type { ServerPresenceAwareness } from '@volley/shared';
import type { SyncRoom } from '../sync-room.js';
import type { CryptoDevice } from './crypto-device.js';

/** The newest stamp among the server instances holding the room. */
function stampOf(room: SyncRoom): number {
  let newest = 0;
  for (const state of room.awareness.getStates().values()) {
    const stamp = (state as Partial<ServerPresenceAwareness>).deviceInbox;
    if (typeof stamp === 'number' && stamp > newest) newest = stamp;
  }
  return newest;
}

/**
 * Syncs `device` on each new signal in `room` (the client's `userRoom()`), then calls `synced` (an
 * app reads again what waited for a key); the returned function stops.
 */
export function syncOnInboxSignal(room: SyncRoom, device: CryptoDevice, synced?: () => Promise<void> | void): () => void {
  let seen = 0;
  let syncing = Promise.resolve();
  const changed = () => {
    const stamp = stampOf(room);
    if (stamp <= seen) return;
    seen = stamp;
    // A failed read is retried by the next signal, or the app's own sync.
    syncing = syncing
      .then(() => device.sync())
      .then(() => synced?.())
      .catch(() => undefined);
  };
  room.awareness.on('change', changed);
  return () => room.awareness.off('change', changed);
}
