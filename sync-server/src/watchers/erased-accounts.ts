/**
 * A deleted account leaves no personal data in the documents others download (docs/architecture.md
 * §5, "Deletion"). The tables are the record and name it by its tombstone: segment elements are
 * rendered from them (recorded-message.ts: authors, quoted authors, game cards), and a segment
 * showing fewer erased names than the tables is rewritten as it loads (segment-reconcile.ts). Other
 * users' notifications hold the person's public profile (`by`, `from`, `opponent`): a user room
 * naming an erased account is rewritten as it loads too. On `account.deleted`, each instance does
 * the same for the rooms it holds. A rewritten room's log is compacted, so that the stored rows no
 * longer hold what the document dropped.
 */
import { User, type Db, type DomainEventHandlers, type Logger } from '@volley/core';
import { ConvDoc, Id, notificationsOf, parseRoom, type Notification, type PublicUser } from '@volley/shared';
import type { Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';
import { reconcileSegment } from '../rooms/segment-reconcile.js';

/** The fields of a notification that hold a person. */
const PERSON_FIELDS = ['by', 'from', 'opponent'] as const;

type Person = { id: string; username: string; displayName?: string };

/** The people a notification names, by field; nothing for what is not an object (a user's document is untrusted). */
function peopleIn(notification: unknown): [field: string, person: Person][] {
  if (!notification || typeof notification !== 'object') return [];
  return PERSON_FIELDS.flatMap((field) => {
    const person = (notification as Record<string, unknown>)[field] as Person | undefined;
    return person && typeof person === 'object' && typeof person.id === 'string' ? [[field, person] as [string, Person]] : [];
  });
}

/** Erased (deleted, not bot) accounts among `ids`, as the api shows them now. */
async function erasedAmong(db: Db, ids: string[]): Promise<Map<string, PublicUser>> {
  if (ids.length === 0) return new Map();
  const users = await User.query(db).findByIds(ids).whereNotNull('deleted_at').whereNull('bot_owner_id');
  return new Map(users.map((user) => [user.id, user.toPublic()]));
}

/** Rewrites the notifications of a user room that show an erased account otherwise than as its tombstone; true if any. */
async function eraseFromNotifications(room: Room, erased: Map<string, PublicUser>): Promise<boolean> {
  const changed: [string, Notification][] = [];
  notificationsOf(room.doc).forEach((notification, id) => {
    const stale = peopleIn(notification).flatMap(([field, person]) => {
      const now = erased.get(person.id);
      return now && (person.username !== now.username || person.displayName !== now.displayName) ? [[field, now]] : [];
    });
    if (stale.length > 0) changed.push([id, { ...notification, ...Object.fromEntries(stale) }]);
  });
  if (changed.length === 0) return false;
  await room.write((doc) => changed.forEach(([id, notification]) => notificationsOf(doc).set(id, notification)));
  return true;
}

/** More than the notifications a user keeps can name (3 × 2 × NOTIFICATIONS_KEPT, before the cap trims them). */
const MOST_PEOPLE_LOOKED_UP = 1200;

/** A user room as it loads: the erased accounts its notifications name are shown as tombstones. True if rewritten. */
export async function eraseOnLoad(db: Db, room: Room): Promise<boolean> {
  // The user writes this document too: only ids of the right form are looked up, and not without bound.
  const people = new Set([...notificationsOf(room.doc).values()].flatMap((notification) => peopleIn(notification).map(([, person]) => person.id)).filter((id) => Id.safeParse(id).success));
  return people.size > 0 && eraseFromNotifications(room, await erasedAmong(db, [...people].slice(0, MOST_PEOPLE_LOOKED_UP)));
}

export class ErasedAccounts {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: { db: Db; rooms: Rooms; log: Logger }) {}

  readonly on: DomainEventHandlers = { 'account.deleted': (event) => this.deleted(event.userId) };

  /** A user room as it loads shows the erased accounts its notifications name as tombstones. */
  async prepare(room: Room): Promise<void> {
    if (parseRoom(room.name)?.kind === 'user' && (await eraseOnLoad(this.deps.db, room))) void room.compact();
  }

  /** `account.deleted`: the rooms held here that may name the account are rewritten, then compacted. */
  deleted(userId: string): void {
    const work = this.erase(userId)
      .catch((err: unknown) => this.deps.log.error({ err, userId }, 'erasing a deleted account from the rooms failed'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  /** Lets the rewrites under way finish. */
  async close(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private async erase(userId: string): Promise<void> {
    const { db, rooms } = this.deps;
    const erased = await erasedAmong(db, [userId]);
    if (erased.size === 0) return;
    for (const room of await rooms.present()) {
      const name = parseRoom(room.name);
      const rewritten =
        name?.kind === 'conv'
          ? mayName(room, userId) && (await reconcileSegment(db, room, name.convId, name.segment))
          : name?.kind === 'user' && (await eraseFromNotifications(room, erased));
      if (rewritten) await room.compact();
    }
  }
}

/** Whether a segment may show the account: it wrote there, played a game there, or anything there quotes (a quote names no id). */
function mayName(room: Room, userId: string): boolean {
  return ConvDoc.messages(room.doc)
    .toArray()
    .some((m) => m.author === userId || m.replyTo !== undefined || m.game?.players.some((p) => p.id === userId));
}
