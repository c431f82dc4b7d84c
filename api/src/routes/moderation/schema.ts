import { BanBody, MuteBody, TargetBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const KickReq = { body: TargetBody };
export type KickReq = RequestInput<typeof KickReq>;

export const BanReq = { body: BanBody };
export type BanReq = RequestInput<typeof BanReq>;

export const MuteReq = { body: MuteBody };
export type MuteReq = RequestInput<typeof MuteReq>;
