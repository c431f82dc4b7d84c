/** My signed-in sessions and the devices my pushes go to, over the API: online only, nothing cached. */
import type { ApiClient } from '@volley/client';
import type { PushSubscriptionView, SessionView } from '@volley/shared';

/** My sessions and my push subscriptions, asked together (a session lists the pushes of its device). */
export async function sessionsAndPushes(api: ApiClient): Promise<{ sessions: SessionView[]; pushes: PushSubscriptionView[] }> {
  const [sessions, pushes] = await Promise.all([api.request('GET', '/me/sessions', { schema: (s) => s.object({ items: s.array(s.SessionView) }) }), api.request('GET', '/me/push-subscriptions', { schema: (s) => s.object({ items: s.array(s.PushSubscriptionView) }) })]);
  return { sessions: sessions.items, pushes: pushes.items };
}

export const endSession = (api: ApiClient, sessionId: string): Promise<void> => api.request('DELETE', `/me/sessions/${encodeURIComponent(sessionId)}`);

/** Every session but this one. */
export const endOtherSessions = (api: ApiClient): Promise<void> => api.request('DELETE', '/me/sessions');

export const stopPushes = (api: ApiClient, subscriptionId: string): Promise<void> => api.request('DELETE', `/me/push-subscriptions/${encodeURIComponent(subscriptionId)}`);
