import { UpdateProfileBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const UpdateProfileReq = { body: UpdateProfileBody };
export type UpdateProfileReq = RequestInput<typeof UpdateProfileReq>;
