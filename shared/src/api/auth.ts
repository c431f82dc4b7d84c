import { z } from 'zod';
import { isTombstoneUsername } from './constants.js';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_]{3,20}$/;

export const Username = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, 'username_format');
/** A username being taken (an account, a bot): a tombstone's form is not free. */
export const NewUsername = Username.refine((name) => !isTombstoneUsername(name), 'reserved');
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email('email_format'));
export const Password = z.string().min(8, 'at least 8 characters').max(256, 'at most 256 characters');

/**
 * Why the server refuses a new password, sent as the password field's message; the PWA shows each
 * in the user's language.
 */
export const PasswordRefusals = ['password_too_weak', 'password_common', 'password_contains_username'] as const;
export type PasswordRefusal = (typeof PasswordRefusals)[number];

export const RegisterBody = z.strictObject({ username: NewUsername, email: Email, password: Password });
export type RegisterBody = z.infer<typeof RegisterBody>;

/** `login` is a username or an email address. */
export const LoginBody = z.strictObject({
  login: z.string().trim().min(1, 'required').max(254),
  password: z.string().min(1, 'required').max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** `POST /api/v1/me/password` → 204: every other session of the account ends. */
export const ChangePasswordBody = z.strictObject({ current: z.string().min(1, 'required').max(256), next: Password });
export type ChangePasswordBody = z.infer<typeof ChangePasswordBody>;

/** `bot` and `botOwnerId` are there for a bot account only. */
export const PublicUser = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  bot: z.literal(true).optional(),
  botOwnerId: z.string().optional(),
});
export type PublicUser = z.infer<typeof PublicUser>;

export const AuthResponse = z.object({ user: PublicUser, accessToken: z.string() });
export type AuthResponse = z.infer<typeof AuthResponse>;

/** `role`: the site role (moderators and admins see the admin page). */
export const MeResponse = z.object({ user: PublicUser.extend({ email: z.string(), role: z.enum(['user', 'moderator', 'admin']) }) });
export type MeResponse = z.infer<typeof MeResponse>;

/** Name of the httpOnly client-binding cookie (one random value per browser), scoped like the refresh cookie. */
export const CLIENT_COOKIE = 'volley_client';

/** One signed-in session of the account (a refresh-token family): `GET /api/v1/me/sessions`. */
export const SessionView = z.object({
  id: z.string(),
  /** The browser's User-Agent when it last refreshed. */
  device: z.string(),
  address: z.string(),
  signedInAt: z.string(),
  lastSeenAt: z.string(),
  /** The session this request was made from. */
  current: z.boolean(),
});
export type SessionView = z.infer<typeof SessionView>;
