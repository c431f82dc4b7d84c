/**
 * Turns end-to-end encryption on in a DM, once asked: from its next message on, one way (earlier
 * messages stay as they were; it never goes back). Out of the first load: asked from the
 * conversation's header.
 */
import type { ApiClient } from '@volley/client';
import type { Conversation } from '@volley/shared';
import '../components/ui/volley-confirm-dialog/volley-confirm-dialog.js';
import type { VolleyDB } from '../db/db.js';
import { msg } from '../i18n/i18n.js';
import { refreshConversations } from '../services/conversations.js';

export async function turnOnEncryption(api: ApiClient, db: VolleyDB, conversation: Conversation): Promise<void> {
  const peer = conversation.peer;
  if (!peer || conversation.encrypted) return;
  const dialog = document.createElement('volley-confirm-dialog');
  // In the document itself: the asking page's shadow tree has no place for it.
  document.body.append(dialog);
  try {
    const name = peer.displayName || peer.username;
    const confirmed = await dialog.ask({ title: msg('e2ee.turnOnTitle'), consequence: msg('e2ee.turnOnText', { name }), confirm: msg('e2ee.turnOn') });
    if (!confirmed) return;
    await api.request('POST', '/conversations/dm', { body: { userId: peer.id, encrypted: true } });
    await refreshConversations(api, db);
  } finally {
    dialog.remove();
  }
}
