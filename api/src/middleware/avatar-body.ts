import type { Context } from 'koa';
import { AVATAR_MAX_BYTES, AVATAR_TYPES } from '@volley/shared';
import { apiError } from '../errors.js';
import { readRawBody } from './json-body.js';

/** An avatar sent as the raw image: one of AVATAR_TYPES, at most AVATAR_MAX_BYTES (its bytes are checked again by setAvatar). */
export async function readAvatarBody(ctx: Context): Promise<Buffer> {
  if (!AVATAR_TYPES.some((type) => ctx.is(type) === type)) {
    throw apiError('unsupported_media_type', { message: `The avatar must be sent as ${AVATAR_TYPES.join(', ')}.` });
  }
  const bytes = await readRawBody(ctx, AVATAR_MAX_BYTES);
  if (bytes.length === 0) throw apiError('bad_request', { message: 'The request body is missing.' });
  return bytes;
}
