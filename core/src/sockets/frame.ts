/**
 * A binary message framed once as a WebSocket frame and written, as it is, to every socket that
 * gets it: a room's broadcast costs each socket one write of the same buffer. `socket.send` would
 * frame the message again for each socket (a header, two option objects, a view of the data, a
 * corked write of two buffers), the part of a delivery spent in JavaScript.
 *
 * It writes to ws's underlying stream (`_socket`), which ws 8 (pinned, like socket-gateway.ts's
 * close code) also writes frames to synchronously when no extension is negotiated: the sockets here
 * negotiate none (no permessage-deflate), so a frame written here keeps its place among ws's own
 * (pings, the close frame). Nothing is written once the socket is no longer open.
 */
import type { Duplex } from 'node:stream';
import * as ws from 'ws';
import { WebSocket } from 'ws';

/** A message with its frame header, ready to be written to any number of sockets. */
export type Frame = Buffer & { readonly frame: unique symbol };

interface FrameOptions {
  fin: boolean;
  mask: boolean;
  opcode: number;
  readOnly: boolean;
  rsv1: boolean;
}

/** ws's own framing (`Sender.frame`, public, not in @types/ws). */
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
const BINARY = { fin: true, mask: false, opcode: 2, readOnly: true, rsv1: false } satisfies FrameOptions;

export function frameOf(message: Uint8Array): Frame {
  const data = Buffer.from(message.buffer, message.byteOffset, message.byteLength);
  return Buffer.concat(Sender.frame(data, BINARY)) as Frame;
}

const streamOf = (socket: WebSocket): Duplex => (socket as unknown as { _socket: Duplex })._socket;

/** Writes the frame to an open socket; false when the socket is not open (nothing is written). */
export function writeFrame(socket: WebSocket, frame: Frame): boolean {
  if (socket.readyState !== WebSocket.OPEN) return false;
  streamOf(socket).write(frame);
  return true;
}

/**
 * Holds what is written to the socket (frames written here, and ws's own sends) until the microtasks
 * of this turn have run, then writes it all at once: frames sent to one socket within a turn (a
 * message's update and the answer to its author) cost one system call, not one each. A socket
 * already held is left as it is: the one hold ends with the turn.
 */
export function holdWritesThisTurn(socket: WebSocket): void {
  const stream = streamOf(socket);
  if (stream.writableCorked > 0) return;
  stream.cork();
  process.nextTick(() => stream.uncork());
}
