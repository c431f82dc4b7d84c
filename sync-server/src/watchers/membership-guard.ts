/**
 * Re-checks authorization while sockets are open (docs/architecture.md §4): a user who leaves, is kicked or
 * is banned loses their sockets on the conversation's rooms (4403) as soon as the api's
 * `membership.removed` event arrives; reopening is refused at the upgrade. A slow sweep catches
 * what an event cannot: a lost bus message, a socket admitted just before the removal.
 */
import type { Db, DomainEvent, DomainEventHandlers, Logger } from '@volley/core';
import { CloseCode, parseRoom } from '@volley/shared';
import { membersAmong } from '../rooms/membership.js';
import type { Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';

export class MembershipGuard {
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly deps: { db: Db; rooms: Rooms; log: Logger },
    sweepMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), sweepMs).unref();
  }

  readonly on: DomainEventHandlers = {
    'membership.removed': (event) => this.removed(event),
    'token.revoked': (event) => this.revoked(event.tokenId),
  };

  removed({ convId, userId, reason }: Extract<DomainEvent, { type: 'membership.removed' }>): void {
    for (const room of this.roomsOf(convId)) this.closeAllBut(room, convId, (id) => id !== userId, reason);
  }

  /** A bot token was revoked: every socket opened with it closes, as if its token were forged. */
  revoked(tokenId: string): void {
    for (const room of this.deps.rooms.loaded()) {
      for (const connection of [...room.connections]) {
        if (connection.user.scope?.tokenId !== tokenId) continue;
        this.deps.log.info({ room: room.name, userId: connection.user.userId, tokenId }, 'token revoked; closing the socket');
        connection.close(CloseCode.unauthenticated);
      }
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private async sweep(): Promise<void> {
    for (const room of this.deps.rooms.loaded()) {
      const name = parseRoom(room.name);
      if (name?.kind !== 'conv' || room.connections.size === 0) continue;
      const connected = [...new Set([...room.connections].map((connection) => connection.user.userId))];
      try {
        const members = new Set(await membersAmong(this.deps.db, name.convId, connected));
        // A socket that joined while the question was out was admitted as a member just now: only the users asked about are judged.
        const asked = new Set(connected);
        this.closeAllBut(room, name.convId, (id) => !asked.has(id) || members.has(id), 'sweep');
      } catch (err) {
        this.deps.log.warn({ err, room: room.name }, 'membership sweep failed');
      }
    }
  }

  private *roomsOf(convId: string): Generator<Room> {
    for (const room of this.deps.rooms.loaded()) {
      const name = parseRoom(room.name);
      if (name?.kind === 'conv' && name.convId === convId) yield room;
    }
  }

  private closeAllBut(room: Room, convId: string, allowed: (userId: string) => boolean, reason: string): void {
    for (const connection of [...room.connections]) {
      if (allowed(connection.user.userId)) continue;
      this.deps.log.info({ room: room.name, convId, userId: connection.user.userId, reason }, 'membership gone; closing the socket');
      connection.close(CloseCode.forbidden);
    }
  }
}
