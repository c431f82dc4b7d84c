/**
 * The uploads' receiving process (attachments-receiver.ts starts it): takes an upload's connection
 * from the server, once the server has read the request's head and decided the upload may go on,
 * reads the rest of its body, exactly the length the request declared, into the file the server
 * named, and tells the server it is there. The bytes of the bodies are read here, so none of them
 * is a buffer in the server's heap for its garbage collector (docs/architecture.md, "Attachments").
 * It never writes to the connection and never shuts it down: the server answers on its own copy.
 * Imports background-process.ts alone of ours: it is forked from the sources too (through tsx).
 */
import { createWriteStream } from 'node:fs';
import { Socket } from 'node:net';
import { once } from 'node:events';
import { lowerPriority } from './background-process.js';

export interface ReceiveJob {
  id: number;
  /** The file the body goes to: the bytes the server had already read are in it. */
  path: string;
  /** How many bytes of the body are still to read from the connection. */
  remaining: number;
}

/** `cancel`: the server has closed the connection; the job stops. */
export type ReceiveMessage = ({ kind: 'receive' } & ReceiveJob) | { kind: 'cancel'; id: number };

/** `ended`: the connection ended or failed before the whole body came. */
export type ReceiveAnswer = { id: number; ok: true } | { id: number; ok: false; reason: 'ended' | 'failed' };

lowerPriority();

const running = new Map<number, Socket>();

/** The bytes the body still has, written with backpressure; past them, nothing (the server closes the connection after its answer). */
async function receive(socket: Socket, { path, remaining }: ReceiveJob): Promise<ReceiveAnswer['ok'] | 'ended'> {
  const file = createWriteStream(path, { flags: 'a', mode: 0o600 });
  let left = remaining;
  try {
    for await (const chunk of socket as AsyncIterable<Buffer>) {
      const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
      left -= part.length;
      if (!file.write(part)) await once(file, 'drain');
      if (left === 0) break;
    }
  } finally {
    file.end();
    await once(file, 'close');
  }
  return left === 0 ? true : 'ended';
}

process.on('message', (message: ReceiveMessage, handle: unknown) => {
  if (message.kind === 'cancel') {
    running.get(message.id)?.destroy();
    return;
  }
  const { id } = message;
  // Its own copy of the connection: half-open allowed, so that an end from the client never makes
  // it shut the connection down; destroying it closes this copy only.
  const socket = new Socket({ handle, allowHalfOpen: true, readable: true, writable: false } as ConstructorParameters<typeof Socket>[0]);
  running.set(id, socket);
  const done = (answer: ReceiveAnswer) => {
    running.delete(id);
    socket.destroy();
    // Answered once this copy is closed, so that the server's answer and close are the connection's last.
    if (socket.closed) process.send?.(answer);
    else socket.once('close', () => process.send?.(answer));
  };
  receive(socket, message).then(
    (result) => done(result === true ? { id, ok: true } : { id, ok: false, reason: 'ended' }),
    () => done({ id, ok: false, reason: 'failed' }),
  );
});
// The server that started it has gone: so does it.
process.on('disconnect', () => process.exit(0));
