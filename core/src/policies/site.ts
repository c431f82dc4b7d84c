/**
 * Who may run the site (docs/architecture.md §5, "Site administration"): moderators ban and kick
 * users, admins also moderators and set roles. A site role gives no right inside a conversation
 * (conversation.ts): a site admin who is not a channel's member is a stranger there. The one
 * exception is deleting a message where they are (message.ts), so spam never stays.
 */
import type { SiteRole } from '@volley/shared';

/** A signed-in user with their site role, or the operator's command line (`userId` null: every right). */
export interface SiteActor {
  userId: string | null;
  role: SiteRole;
}

/** `moderate`: bans, kicks, the users and audit lists; `administer`: roles too. */
export type SiteAction = 'moderate' | 'administer';

const RANK: Record<SiteRole, number> = { user: 0, moderator: 1, admin: 2 };
const NEEDS: Record<SiteAction, SiteRole> = { moderate: 'moderator', administer: 'admin' };

/**
 * Whether the actor may do `action`, on `target` when there is one: only on someone below them,
 * never on themselves (the operator aside).
 */
export function can(actor: SiteActor, action: SiteAction, target?: { userId: string; role: SiteRole }): boolean {
  if (actor.userId === null) return true;
  if (RANK[actor.role] < RANK[NEEDS[action]]) return false;
  return !target || (target.userId !== actor.userId && RANK[target.role] < RANK[actor.role]);
}
