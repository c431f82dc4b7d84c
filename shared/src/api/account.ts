/** The account's own life: password reset, email change, two-factor authentication, export and deletion. */
import { z } from 'zod';
import { Email, Password } from './auth.js';

/** A one-time token from a mailed link: 32 bytes, base64url. */
export const MailedToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'link_format');

export const PasswordResetBody = z.strictObject({ login: z.string().trim().min(1, 'required').max(254) });
export type PasswordResetBody = z.infer<typeof PasswordResetBody>;

/** The new password follows the rules of registration. */
export const PasswordResetConfirmBody = z.strictObject({ token: MailedToken, password: Password });
export type PasswordResetConfirmBody = z.infer<typeof PasswordResetConfirmBody>;

export const CurrentPassword = z.string().min(1, 'required').max(256);

export const EmailChangeBody = z.strictObject({ email: Email, password: CurrentPassword });
export type EmailChangeBody = z.infer<typeof EmailChangeBody>;

export const EmailConfirmBody = z.strictObject({ token: MailedToken });
export type EmailConfirmBody = z.infer<typeof EmailConfirmBody>;

/** A code from the authenticator app. */
export const TotpCode = z.string().trim().regex(/^\d{6}$/, 'code_format');
/** A recovery code as shown once (`abcde-12345`); dashes and spaces are optional. */
export const RecoveryCode = z.string().trim().min(10, 'recovery_code_format').max(20);

export const TwoFactorSetup = z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() });
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;

export const TwoFactorEnableBody = z.strictObject({ code: TotpCode });
export type TwoFactorEnableBody = z.infer<typeof TwoFactorEnableBody>;

export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

const proof = { code: TotpCode.optional(), recoveryCode: RecoveryCode.optional() };
const oneProof = (p: { code?: string; recoveryCode?: string }): boolean => (p.code === undefined) !== (p.recoveryCode === undefined);

/** A current code, or a recovery code. */
export const SecondFactorProof = z.strictObject(proof).refine(oneProof, 'one_proof');
export type SecondFactorProof = z.infer<typeof SecondFactorProof>;

/** The second step of a sign-in, with the `challenge` of the `two_factor_required` answer. */
export const SecondFactorLoginBody = z.strictObject({ challenge: z.string().min(1).max(512), ...proof }).refine(oneProof, 'one_proof');
export type SecondFactorLoginBody = z.infer<typeof SecondFactorLoginBody>;

export const DeleteAccountBody = z.strictObject({ password: CurrentPassword });
export type DeleteAccountBody = z.infer<typeof DeleteAccountBody>;

export const TwoFactorStatus = z.object({ enabled: z.boolean() });
export type TwoFactorStatus = z.infer<typeof TwoFactorStatus>;
