import { ChannelDirectoryQuery, CreateChannelBody } from '@volley/shared';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const CreateChannelReq = { body: CreateChannelBody };
export type CreateChannelReq = RequestInput<typeof CreateChannelReq>;

export const ChannelDirectoryReq = { query: ChannelDirectoryQuery.extend({ cursor: PageInput.shape.cursor }) };
export type ChannelDirectoryReq = RequestInput<typeof ChannelDirectoryReq>;
