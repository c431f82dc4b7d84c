import type { IncomingMessage } from 'node:http';
import type { Context } from 'koa';
import { API_BODY_MAX_BYTES } from '@volley/shared';
import { apiError } from '../errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON request body; `undefined` when there is none. Ours rather than a body parser's,
 * so every way a body can be wrong is answered in the api's error shape.
 */
export async function readJsonBody(ctx: Context, limit = API_BODY_MAX_BYTES): Promise<unknown> {
  const declared = ctx.req.headers['content-length'];
  const chunked = ctx.req.headers['transfer-encoding'] !== undefined;
  if (!chunked && (declared === undefined || Number(declared) === 0)) return undefined;
  if (ctx.is('application/json') === false) throw apiError('unsupported_media_type');
  const charset = ctx.request.charset.toLowerCase();
  if (!['', 'utf-8', 'utf8'].includes(charset)) throw apiError('unsupported_media_type', { message: 'The request body must be UTF-8.' });
  if (Number(declared) > limit) throw tooLarge(limit);
  const raw = await readAtMost(ctx.req, limit);
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(utf8.decode(raw));
  } catch {
    throw apiError('invalid_json');
  }
}

/** Reads a raw request body of at most `limit` bytes: 413 for a declared or streamed body past it. */
export async function readRawBody(ctx: Context, limit: number): Promise<Buffer> {
  if (Number(ctx.req.headers['content-length']) > limit) throw tooLarge(limit);
  return readAtMost(ctx.req, limit);
}

// The connection closes after this answer: the rest of the body is never read.
const tooLarge = (limit: number) =>
  apiError('payload_too_large', { message: `The request body is larger than ${limit} bytes.`, headers: { Connection: 'close' } });

/** Buffers the stream, but rejects as soon as it passes `limit` bytes instead of reading on. */
function readAtMost(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stop();
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    // Stays attached after stop(): a connection reset later must not become an unhandled 'error'.
    req.on('error', () => reject(apiError('bad_request', { message: 'The request body could not be read.' })));
  });
}
