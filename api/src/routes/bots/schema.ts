import { BotParams, BotTokenParams, CreateBotBody, CreateBotTokenBody, UpdateBotBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const CreateBotReq = { body: CreateBotBody };
export type CreateBotReq = RequestInput<typeof CreateBotReq>;

export const BotReq = { params: BotParams };
export type BotReq = RequestInput<typeof BotReq>;

export const UpdateBotReq = { params: BotParams, body: UpdateBotBody };
export type UpdateBotReq = RequestInput<typeof UpdateBotReq>;

export const CreateBotTokenReq = { params: BotParams, body: CreateBotTokenBody };
export type CreateBotTokenReq = RequestInput<typeof CreateBotTokenReq>;

export const BotTokenReq = { params: BotTokenParams };
export type BotTokenReq = RequestInput<typeof BotTokenReq>;
