/** The admin page's calls (`/api/v1/admin/*`); the server decides who may make them. */
import type { AdminStickerPack, AdminUserView, AuditAction, AuditPage, ReportView, SiteBanBody, SiteBanView, SiteRole, StickerView } from '@volley/shared';
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

/** The reported messages waiting for a moderator. */
export const openReports = (api: ApiClient): Promise<ReportView[]> => api.request('GET', '/admin/reports', { schema: (s) => s.ReportList }).then((r) => r.reports);

export const resolveReport = (api: ApiClient, reportId: string): Promise<unknown> => api.request('POST', `/admin/reports/${encodeURIComponent(reportId)}/resolve`);

/** The sticker bank as its admins manage it: every pack, turned off ones too. */
export const managedStickerPacks = (api: ApiClient): Promise<AdminStickerPack[]> =>
  api.request('GET', '/admin/sticker-packs', { schema: (s) => s.object({ packs: s.array(s.AdminStickerPack) }) }).then((r) => r.packs);

export const createStickerPack = (api: ApiClient, name: string): Promise<unknown> => api.request('POST', '/admin/sticker-packs', { body: { name } });

/** The image's bytes as the body, streamed as an upload's; the sticker is named after `name`. */
export const addSticker = (api: ApiClient, packId: string, image: Blob, name: string): Promise<StickerView> =>
  api.request('POST', `/admin/sticker-packs/${encodeURIComponent(packId)}/stickers?${new URLSearchParams({ name })}`, { body: image, schema: (s) => s.StickerView });

export const setStickerPackEnabled = (api: ApiClient, packId: string, enabled: boolean): Promise<unknown> =>
  api.request('PATCH', `/admin/sticker-packs/${encodeURIComponent(packId)}`, { body: { enabled } });

export const deleteStickerPack = (api: ApiClient, packId: string): Promise<unknown> => api.request('DELETE', `/admin/sticker-packs/${encodeURIComponent(packId)}`);
