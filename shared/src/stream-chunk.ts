/** A stream's awareness field (streams.ts), validated: what a reader takes from another session. */
import { z } from 'zod';
import { Id, WellFormedText } from './base-schemas.js';
import { MESSAGE_MAX_LENGTH } from './limits.js';
import { STREAM_CHUNK_MAX_LENGTH } from './streams.js';

export const StreamChunk = z
  .strictObject({
    /** The message's id to be: the `send` op that ends the stream has this id. */
    id: Id,
    from: z.number().int().min(0).max(MESSAGE_MAX_LENGTH),
    text: WellFormedText.max(STREAM_CHUNK_MAX_LENGTH),
  })
  .refine((chunk) => chunk.from + chunk.text.length <= MESSAGE_MAX_LENGTH, 'a stream is at most a message long');
export type StreamChunk = z.infer<typeof StreamChunk>;
