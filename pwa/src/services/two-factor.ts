/** Two-factor authentication of my account over the API (the server checks every code): status, setup, on, off. */
import type { ApiClient } from '@volley/client';
import type { TwoFactorSetup } from '@volley/shared';

export const twoFactorEnabled = async (api: ApiClient): Promise<boolean> => (await api.request('GET', '/me/2fa', { schema: (s) => s.TwoFactorStatus })).enabled;

/** A new secret and its QR code; nothing changes until a first code confirms it. */
export const setUpTwoFactor = (api: ApiClient): Promise<TwoFactorSetup> => api.request('POST', '/me/2fa/setup', { schema: (s) => s.TwoFactorSetup });

/** Resolves with the recovery codes, shown this once. */
export const enableTwoFactor = async (api: ApiClient, code: string): Promise<string[]> =>
  (await api.request('POST', '/me/2fa/enable', { body: { code }, schema: (s) => s.RecoveryCodes })).recoveryCodes;

/** With a current code (six digits) or one of the recovery codes. */
export const disableTwoFactor = (api: ApiClient, codeOrRecovery: string): Promise<void> =>
  api.request('POST', '/me/2fa/disable', { body: /^\d{6}$/.test(codeOrRecovery) ? { code: codeOrRecovery } : { recoveryCode: codeOrRecovery } });
