import { ChangePasswordBody, UpdateProfileBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const UpdateProfileReq = { body: UpdateProfileBody };
export type UpdateProfileReq = RequestInput<typeof UpdateProfileReq>;

export const ChangePasswordReq = { body: ChangePasswordBody };
export type ChangePasswordReq = RequestInput<typeof ChangePasswordReq>;
