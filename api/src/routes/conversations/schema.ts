import { ChannelPasswordBody, IdParams, OpenDmBody, UpdateChannelBody } from '@volley/shared';
import { PageInput } from '../../pagination.js';
import type { RequestInput } from '../../middleware/validate.js';

export const ListConversationsReq = { query: PageInput };
export type ListConversationsReq = RequestInput<typeof ListConversationsReq>;

export const OpenDmReq = { body: OpenDmBody };
export type OpenDmReq = RequestInput<typeof OpenDmReq>;

export const ConversationReq = { params: IdParams };
export type ConversationReq = RequestInput<typeof ConversationReq>;

export const UpdateChannelReq = { params: IdParams, body: UpdateChannelBody };
export type UpdateChannelReq = RequestInput<typeof UpdateChannelReq>;

export const ChannelPasswordReq = { params: IdParams, body: ChannelPasswordBody };
export type ChannelPasswordReq = RequestInput<typeof ChannelPasswordReq>;
