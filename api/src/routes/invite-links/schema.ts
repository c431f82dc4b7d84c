import { IdParams, InviteLinkBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const ChannelLinkReq = { params: IdParams };
export type ChannelLinkReq = RequestInput<typeof ChannelLinkReq>;

/** The token travels in the body: a request log never holds it. */
export const UseLinkReq = { body: InviteLinkBody };
export type UseLinkReq = RequestInput<typeof UseLinkReq>;
