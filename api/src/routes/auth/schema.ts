import { LoginBody, RegisterBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const RegisterReq = { body: RegisterBody };
export type RegisterReq = RequestInput<typeof RegisterReq>;

export const LoginReq = { body: LoginBody };
export type LoginReq = RequestInput<typeof LoginReq>;
