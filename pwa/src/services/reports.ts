/** Reporting a message to the site's moderators (docs/protocol.md, "Reports"); the admin page reads them (admin.ts). */
import type { ReportBody } from '@volley/shared';
import type { ApiClient } from '@volley/client';

export const reportMessage = (api: ApiClient, messageId: string, body: ReportBody): Promise<void> =>
  api.request('POST', `/messages/${encodeURIComponent(messageId)}/report`, { body });
