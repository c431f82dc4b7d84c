/**
 * An upload's body read by a process of its own (attachments-receiver-process.ts), not by the
 * server (docs/architecture.md, "Attachments"). Every read from a socket is a new buffer in the
 * reader's heap: twenty 5 MB bodies at once made the server's garbage collector run full
 * collections every 90 ms, each a pause of the chat sharing its event loop. Once the server has read
 * the request's head and made its checks, it stops reading the connection, writes the bytes of the
 * body it had already read to the file, and hands the connection (its file descriptor, over the
 * IPC channel) to the receiving process, which reads the rest into the file; the server answers on
 * its own copy once told the body is there, and closes the connection after that answer (its HTTP
 * parser never saw the body's end). A body of undeclared length (chunked) is read by the server.
 */
import { writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { apiError } from '../errors.js';
import type { ReceiveAnswer, ReceiveMessage } from './attachments-receiver-process.js';
import { BackgroundChild } from './background-process.js';

/**
 * Below the servers, as the image encoder is: when a chat message and the bytes of a photo both
 * want a core, the message goes first; the bytes wait in the kernel's socket buffers meanwhile.
 */
const NICE = 10;

interface Pending {
  resolve(): void;
  reject(err: Error): void;
}

/** The HTTP exchange an upload's body comes in. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
}

/** The connection's handle, with the reading state Node keeps on it. */
type TcpHandle = { reading?: boolean; readStop?(): number; fd?: number };

class BodyReceiver {
  #pending = new Map<number, Pending>();
  // Its bodies are lost with it: each upload is told to try again; the next starts another.
  readonly #process = new BackgroundChild<ReceiveAnswer>('attachments-receiver-process', NICE, (answer) => this.#settle(answer), () => {
    for (const id of [...this.#pending.keys()]) this.#settle({ id, ok: false, reason: 'failed' });
  });
  #nextId = 1;

  /**
   * Whether this exchange's body (of declared length) can be handed over: not all read yet, on a
   * plain TCP connection the HTTP server parses (not TLS, not HTTP/2).
   */
  canTake({ req }: Exchange): boolean {
    const socket = req.socket as Socket & { _handle?: TcpHandle; encrypted?: boolean };
    return !req.complete && req.httpVersionMajor === 1 && !socket.encrypted && typeof socket._handle?.fd === 'number' && socket._handle.fd >= 0;
  }

  /** The body, `size` bytes, into the file at `path` (created here), or a refusal. */
  async receive({ req, res }: Exchange, path: string, size: number): Promise<void> {
    const socket = req.socket as Socket & { _handle?: TcpHandle; _paused?: boolean };
    // The HTTP server reads no more: its own flag for a paused connection (which its resume
    // listener honours), the stream paused, and the handle's reading stopped.
    socket._paused = true;
    socket.pause();
    const handle = socket._handle;
    if (handle?.reading) {
      handle.reading = false;
      handle.readStop?.();
    }
    // The parser stays behind the body: this exchange is the connection's last.
    res.shouldKeepAlive = false;
    const read: Buffer[] = [];
    for (let chunk = req.read() as Buffer | null; chunk !== null; chunk = req.read() as Buffer | null) read.push(chunk);
    const already = Buffer.concat(read);
    await writeFile(path, already, { mode: 0o600 });
    const remaining = size - already.length;
    if (remaining <= 0 || req.complete) return;
    if (!handle || socket.destroyed) throw apiError('bad_request', { message: 'The connection closed before the whole file came.' });

    const id = this.#nextId++;
    const child = this.#process.get();
    const received = new Promise<void>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    const cancel = () => child.connected && child.send({ kind: 'cancel', id } satisfies ReceiveMessage);
    socket.once('close', cancel);
    try {
      // keepOpen: the server keeps its copy of the connection, to answer on.
      await new Promise<void>((resolve, reject) =>
        child.send({ kind: 'receive', id, path, remaining } satisfies ReceiveMessage, handle as never, { keepOpen: true }, (err) => (err ? reject(err) : resolve())),
      ).catch(() => this.#settle({ id, ok: false, reason: 'failed' }));
      await received;
    } finally {
      socket.off('close', cancel);
    }
  }

  #settle(answer: ReceiveAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (!pending) return;
    this.#pending.delete(answer.id);
    if (answer.ok) pending.resolve();
    else if (answer.reason === 'ended') pending.reject(apiError('bad_request', { message: 'The connection closed before the whole file came.' }));
    else pending.reject(apiError('unavailable', { message: 'The file could not be received; try again shortly.', retryAfter: 1 }));
  }

}

const receiver = new BodyReceiver();

/** Whether `receiveBody` can take this exchange's body (else the server reads it, as a stream). */
export const canReceive = (exchange: Exchange): boolean => receiver.canTake(exchange);

/** The exchange's body, of its declared `size`, into the file at `path`. */
export const receiveBody = (exchange: Exchange, path: string, size: number): Promise<void> => receiver.receive(exchange, path, size);
