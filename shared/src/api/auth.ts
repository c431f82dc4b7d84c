import { z } from 'zod';

export const USERNAME_PATTERN = /^[a-zA-Z0-9_]{3,20}$/;

export const Username = z
  .string()
  .trim()
  .regex(USERNAME_PATTERN, '3 to 20 letters, digits or underscores');
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email('not a valid email address'));
export const Password = z.string().min(8, 'at least 8 characters').max(256, 'at most 256 characters');

export const RegisterBody = z.strictObject({ username: Username, email: Email, password: Password });
export type RegisterBody = z.infer<typeof RegisterBody>;

/** `login` is a username or an email address. */
export const LoginBody = z.strictObject({
  login: z.string().trim().min(1, 'required').max(254),
  password: z.string().min(1, 'required').max(256),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const PublicUser = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type PublicUser = z.infer<typeof PublicUser>;

export const AuthResponse = z.object({ user: PublicUser, accessToken: z.string() });
export type AuthResponse = z.infer<typeof AuthResponse>;

export const MeResponse = z.object({ user: PublicUser.extend({ email: z.string() }) });
export type MeResponse = z.infer<typeof MeResponse>;

/** Name of the httpOnly refresh-token cookie, scoped to `/api/v1/auth`. */
export const REFRESH_COOKIE = 'volley_refresh';
