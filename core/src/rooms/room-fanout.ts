/**
 * Room traffic between sync-server instances over the bus, on the channel `room:<name>`. An
 * instance subscribes and publishes under its id: while no other instance holds the room, nothing
 * leaves the process (the bus sees to it), and an instance never hears its own messages.
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';

export type RoomEventKind = 'update' | 'awareness';
export type RoomEventHandler = (kind: RoomEventKind, payload: Uint8Array) => void;

const kinds: RoomEventKind[] = ['update', 'awareness'];
const channel = (room: string) => `room:${room}`;

export class RoomFanout {
  readonly instanceId = randomUUID();

  constructor(
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  /** Fire and forget: a bus outage must not stall the room, whose updates are already persisted. */
  publish(room: string, kind: RoomEventKind, payload: Uint8Array): void {
    const message = new Uint8Array(payload.byteLength + 1);
    message[0] = kinds.indexOf(kind);
    message.set(payload, 1);
    this.bus.publish(channel(room), message, this.instanceId).catch((err: unknown) => {
      this.log.warn({ err, room, kind }, 'bus publish failed');
    });
  }

  /**
   * Resolves once the subscription is live; the returned function unsubscribes. `onPeer`: another
   * instance now holds the room too, and may lack what this one did not publish before it knew.
   */
  subscribe(room: string, handler: RoomEventHandler, onPeer?: () => void): Promise<() => Promise<void>> {
    return this.bus.subscribe(
      channel(room),
      (message) => {
        const kind = kinds[message[0] ?? -1];
        if (!kind) return this.log.warn({ room }, 'dropped a bus message of an unknown kind');
        handler(kind, message.subarray(1));
      },
      this.instanceId,
      onPeer,
    );
  }
}
