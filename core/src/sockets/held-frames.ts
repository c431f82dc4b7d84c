/**
 * Frames a client sends while its socket waits to be joined (a room or a game being loaded) are
 * held for the handler that will read them, instead of being lost for want of a listener. The hold
 * is bounded: past `limit` frames or bytes it is a flood, and the socket is shut with rate_limited
 * (4529) as it would be once joined. Both socket paths (/sync, /game) hold their frames here.
 */
import { CloseCode } from '@volley/shared';
import type { RawData, WebSocket } from 'ws';
import { shut } from './shut.js';

export interface HeldFramesLimit {
  frames: number;
  bytes: number;
}

type Frame = [data: RawData, isBinary: boolean];

const sizeOf = (data: RawData): number => (Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength);

/** Starts holding `ws`'s frames; the function returned stops, and hands what was held, in order, to `deliver`. */
export function holdFrames(ws: WebSocket, limit: HeldFramesLimit): (deliver: (...frame: Frame) => void) => void {
  const held: Frame[] = [];
  let bytes = 0;
  const hold = (data: RawData, isBinary: boolean) => {
    bytes += sizeOf(data);
    if (held.push([data, isBinary]) <= limit.frames && bytes <= limit.bytes) return;
    ws.off('message', hold);
    held.length = 0;
    shut(ws, CloseCode.rateLimited);
  };
  ws.on('message', hold);
  return (deliver) => {
    ws.off('message', hold);
    for (const frame of held.splice(0)) deliver(...frame);
  };
}
