import {
  DeleteAccountBody,
  EmailChangeBody,
  EmailConfirmBody,
  PasswordResetBody,
  PasswordResetConfirmBody,
  SecondFactorLoginBody,
  SecondFactorProof,
  TwoFactorEnableBody,
} from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const PasswordResetReq = { body: PasswordResetBody };
export type PasswordResetReq = RequestInput<typeof PasswordResetReq>;

export const PasswordResetConfirmReq = { body: PasswordResetConfirmBody };
export type PasswordResetConfirmReq = RequestInput<typeof PasswordResetConfirmReq>;

export const EmailChangeReq = { body: EmailChangeBody };
export type EmailChangeReq = RequestInput<typeof EmailChangeReq>;

export const EmailConfirmReq = { body: EmailConfirmBody };
export type EmailConfirmReq = RequestInput<typeof EmailConfirmReq>;

export const TwoFactorEnableReq = { body: TwoFactorEnableBody };
export type TwoFactorEnableReq = RequestInput<typeof TwoFactorEnableReq>;

export const TwoFactorDisableReq = { body: SecondFactorProof };
export type TwoFactorDisableReq = RequestInput<typeof TwoFactorDisableReq>;

export const SecondFactorLoginReq = { body: SecondFactorLoginBody };
export type SecondFactorLoginReq = RequestInput<typeof SecondFactorLoginReq>;

export const DeleteAccountReq = { body: DeleteAccountBody };
export type DeleteAccountReq = RequestInput<typeof DeleteAccountReq>;
