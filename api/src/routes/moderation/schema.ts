import { BanBody, IdParams, MemberParams, MuteBody, TargetBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const KickReq = { params: IdParams, body: TargetBody };
export type KickReq = RequestInput<typeof KickReq>;

export const BanReq = { params: IdParams, body: BanBody };
export type BanReq = RequestInput<typeof BanReq>;

export const MuteReq = { params: IdParams, body: MuteBody };
export type MuteReq = RequestInput<typeof MuteReq>;

export const LiftReq = { params: MemberParams };
export type LiftReq = RequestInput<typeof LiftReq>;
