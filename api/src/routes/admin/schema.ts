import { AdminUsersQuery, AuditQuery, KickUserBody, SiteBanBody, SiteRoleBody } from '@volley/shared';
import type { RequestInput } from '../../middleware/validate.js';

export const UsersReq = { query: AdminUsersQuery };
export type UsersReq = RequestInput<typeof UsersReq>;

export const BanReq = { body: SiteBanBody };
export type BanReq = RequestInput<typeof BanReq>;

export const KickReq = { body: KickUserBody };
export type KickReq = RequestInput<typeof KickReq>;

export const RoleReq = { body: SiteRoleBody };
export type RoleReq = RequestInput<typeof RoleReq>;

export const AuditReq = { query: AuditQuery };
export type AuditReq = RequestInput<typeof AuditReq>;
