/**
 * Frames of at most SYNC_FRAME_MAX_BYTES (1 MiB), whatever the server has to send: a client's
 * WebSocket library may refuse a larger one (Python's `websockets` closes at 1 MiB by default), and
 * the server refuses them itself (4413). A document's state or an update larger than that goes as
 * several update frames (splitUpdate), an awareness update as several awareness frames, each
 * with a part of the clients.
 */
import { awarenessMessage, splitUpdate, SYNC_FRAME_MAX_BYTES, syncStep2Message, updateMessage } from '@volley/shared';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';

/** A sync frame's own bytes besides its update: message type, sync type and the update's length. */
const SYNC_HEADER_BYTES = 8;
const UPDATE_MAX_BYTES = SYNC_FRAME_MAX_BYTES - SYNC_HEADER_BYTES;

/** An update as update frames. */
export const updateFrames = (update: Uint8Array): Uint8Array[] => splitUpdate(update, UPDATE_MAX_BYTES).map(updateMessage);

/**
 * The answer to a sync step 1: update frames, then the last piece as sync step 2, on which a stock
 * client emits `synced`, holding everything by then.
 */
export function stateFrames(state: Uint8Array): Uint8Array[] {
  const pieces = splitUpdate(state, UPDATE_MAX_BYTES);
  return pieces.map((piece, i) => (i === pieces.length - 1 ? syncStep2Message(piece) : updateMessage(piece)));
}

/** The clients' awareness states (`update`, when already encoded), in as many frames as they need (a state is at most 4 KiB). */
export function awarenessFrames(awareness: Awareness, clients: number[], update = encodeAwarenessUpdate(awareness, clients)): Uint8Array[] {
  const message = awarenessMessage(update);
  if (message.byteLength <= SYNC_FRAME_MAX_BYTES || clients.length === 1) return [message];
  // In parts of about half a frame, each cut again should it still be too large.
  const parts = Math.ceil((2 * message.byteLength) / SYNC_FRAME_MAX_BYTES);
  const size = Math.ceil(clients.length / parts);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < clients.length; i += size) frames.push(...awarenessFrames(awareness, clients.slice(i, i + size)));
  return frames;
}
