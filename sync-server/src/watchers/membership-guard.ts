/**
 * Re-checks authorization while sockets are open (docs/architecture.md §4): a user who leaves, is kicked or
 * is banned loses their sockets on the conversation's rooms (4403) as soon as the api's
 * `membership.removed` event arrives; reopening is refused at the upgrade. A revoked bot token's sockets
 * close (4401) on `token.revoked`, and a socket admitted with it whose room was still loading when the
 * event came is refused as it joins. A slow sweep catches what an event cannot: a lost bus message, a
 * socket admitted just before the removal.
 */
import { BotTokens, type AccessClaims, type Db, type DomainEvent, type DomainEventHandlers, type Logger } from '@volley/core';
import { CloseCode, parseRoom } from '@volley/shared';
import { membersAmong } from '../rooms/membership.js';
import type { Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';

/**
 * How long a revoked token is remembered for the sockets admitted with it whose room is still loading:
 * far longer than an admission and a room's load take.
 */
const REVOKED_REMEMBERED_MS = 5 * 60_000;

export class MembershipGuard {
  private readonly sweeper: NodeJS.Timeout;
  /** Tokens revoked lately, with when this instance heard of it. */
  private readonly revokedTokens = new Map<string, number>();
  private readonly tokens: BotTokens;

  constructor(
    private readonly deps: { db: Db; rooms: Rooms; log: Logger },
    sweepMs: number,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), sweepMs).unref();
    this.tokens = new BotTokens(deps.db);
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
    const now = Date.now();
    for (const [id, at] of this.revokedTokens) if (now - at > REVOKED_REMEMBERED_MS) this.revokedTokens.delete(id);
    this.revokedTokens.set(tokenId, now);
    this.closeToken(tokenId);
  }

  /**
   * Whether a socket admitted for `user` may still join its room now that it has loaded: not if its
   * bot token was revoked meanwhile (the event found no socket to close then).
   */
  admits(user: AccessClaims): boolean {
    const tokenId = user.scope?.tokenId;
    return tokenId === undefined || !this.revokedTokens.has(tokenId);
  }

  private closeToken(tokenId: string): void {
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
    await this.sweepTokens();
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

  /** The bot tokens of open sockets that were revoked without this instance hearing of it. */
  private async sweepTokens(): Promise<void> {
    const open = new Set<string>();
    for (const room of this.deps.rooms.loaded()) for (const connection of room.connections) if (connection.user.scope) open.add(connection.user.scope.tokenId);
    if (open.size === 0) return;
    try {
      for (const tokenId of await this.tokens.deadAmong([...open])) this.closeToken(tokenId);
    } catch (err) {
      this.deps.log.warn({ err }, 'token sweep failed');
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
