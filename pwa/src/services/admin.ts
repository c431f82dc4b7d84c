/** The admin page's calls (`/api/v1/admin/*`); the server decides who may make them. */
import type { AdminUserView, AuditAction, AuditPage, SiteBanBody, SiteBanView, SiteRole } from '@volley/shared';
import type { ApiClient } from '@volley/client';

/** Who gets the admin page. */
export const STAFF: readonly (SiteRole | undefined)[] = ['moderator', 'admin'];

export const adminUsers = (api: ApiClient, q: string): Promise<AdminUserView[]> =>
  api.request('GET', `/admin/users?${new URLSearchParams(q ? { q } : {})}`, { schema: (s) => s.object({ users: s.array(s.AdminUserView) }) }).then((r) => r.users);

export const siteBans = (api: ApiClient): Promise<SiteBanView[]> => api.request('GET', '/admin/bans', { schema: (s) => s.object({ bans: s.array(s.SiteBanView) }) }).then((r) => r.bans);

export const banSite = (api: ApiClient, body: SiteBanBody): Promise<unknown> => api.request('POST', '/admin/bans', { body });

export const liftSiteBan = (api: ApiClient, banId: string): Promise<unknown> => api.request('DELETE', `/admin/bans/${encodeURIComponent(banId)}`);

export const kickSite = (api: ApiClient, username: string): Promise<unknown> => api.request('POST', '/admin/kick', { body: { username } });

export const setSiteRole = (api: ApiClient, username: string, role: SiteRole): Promise<unknown> => api.request('POST', '/admin/roles', { body: { username, role } });

export type AuditFilter = { user?: string; address?: string; action?: AuditAction; before?: string };

export const auditPage = (api: ApiClient, filter: AuditFilter): Promise<AuditPage> => {
  const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return api.request('GET', `/admin/audit?${query}`, { schema: (s) => s.AuditPage });
};
