/** User profiles: search, a profile (cached in Dexie for offline reading), and editing my own. */
import type { UpdateProfileBody, UserProfile } from '@volley/shared';
import type { VolleyDB } from '../db/db.js';
import type { ApiClient } from '@volley/client';

export const SEARCH_PAGE = 20;

export function searchUsers(api: ApiClient, q: string, cursor: string | null) {
  return api.page(`/users?q=${encodeURIComponent(q)}`, (s) => s.UserSummary, cursor, SEARCH_PAGE);
}

/** Fetches a profile and keeps it for offline reading. */
export async function fetchProfile(api: ApiClient, db: VolleyDB, id: string): Promise<UserProfile> {
  const profile = await api.request('GET', `/users/${id}`, { schema: (s) => s.UserProfile });
  await db.users.put(profile);
  return profile;
}

export async function updateProfile(api: ApiClient, db: VolleyDB, id: string, body: UpdateProfileBody): Promise<void> {
  await api.request('PATCH', '/me', { body });
  await fetchProfile(api, db, id);
}

export async function setAvatar(api: ApiClient, db: VolleyDB, id: string, image: Blob | null): Promise<void> {
  await (image ? api.request('PUT', '/me/avatar', { body: image }) : api.request('DELETE', '/me/avatar'));
  await fetchProfile(api, db, id);
}
