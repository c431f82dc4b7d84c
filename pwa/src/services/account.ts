/**
 * My account over the API: password, email, language, export and deletion; the links a mail
 * carries (reset a forgotten password, confirm a new email), which work signed out.
 */
import type { ApiClient } from '@volley/client';
import type { Locale } from '../i18n/i18n.js';

/** The server checks the current password and ends every other session. */
export const changePassword = (api: ApiClient, body: { current: string; next: string }): Promise<void> => api.request('POST', '/me/password', { body });

/** Mails a confirmation link to the new address; the old one stays until it is followed. */
export const changeEmail = (api: ApiClient, body: { email: string; password: string }): Promise<void> => api.request('POST', '/me/email', { body });

/** Everything the server holds about me, my files' bytes included: a zip archive (saved as a file, never read here). */
export const exportMyData = (api: ApiClient): Promise<Blob> => api.exportMyData();

export const deleteAccount = (api: ApiClient, password: string): Promise<void> => api.request('DELETE', '/me', { body: { password } });

/** The language the server writes my mails in. */
export const saveLocale = (api: ApiClient, locale: Locale): Promise<void> => api.request('PATCH', '/me', { body: { locale } });

export const askPasswordReset = (api: ApiClient, login: string): Promise<void> => api.request('POST', '/auth/password-reset', { auth: false, body: { login } });

export const resetPassword = (api: ApiClient, token: string, password: string): Promise<void> =>
  api.request('POST', '/auth/password-reset/confirm', { auth: false, body: { token, password } });

export const confirmEmail = (api: ApiClient, token: string): Promise<void> => api.request('POST', '/me/email/confirm', { auth: false, body: { token } });
