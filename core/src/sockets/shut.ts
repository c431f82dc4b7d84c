import { CloseReason, type CloseCodeValue } from '@volley/shared';
import { WebSocket } from 'ws';

/**
 * Frames (or bytes) a socket may still send once the server has closed it, before it stops being
 * read. A client that honours the close sends at most what was in flight: a few frames.
 */
const READ_AFTER_CLOSE = { frames: 8, bytes: 64 * 1024 };

/** How long a socket that is no longer read keeps its connection, for the close frame to reach the client. */
export const SHUT_GRACE_MS = 1000;

/**
 * Closes the socket with `code`, and costs nothing more once it is decided: ws would otherwise
 * parse (unmask, copy, emit) every frame the client sends until it reads the close frame, which a
 * client flooding at full speed does after a megabyte or thousands of frames. Past
 * READ_AFTER_CLOSE, reading stops (the kernel's window closes on the client) and the connection
 * is dropped SHUT_GRACE_MS later; the client has the close frame, and its code, by then.
 */
export function shut(ws: WebSocket, code: CloseCodeValue): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.close(code, CloseReason[code]);
  let { frames, bytes } = READ_AFTER_CLOSE;
  const onMessage = (data: Buffer | ArrayBuffer | Buffer[]) => {
    bytes -= Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
    if (--frames > 0 && bytes > 0) return;
    ws.off('message', onMessage);
    ws.pause();
    setTimeout(() => ws.terminate(), SHUT_GRACE_MS).unref();
  };
  ws.on('message', onMessage);
}
