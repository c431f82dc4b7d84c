/**
 * Room traffic between sync-server instances over the bus, on the channel `room:<name>`. An
 * instance subscribes under its id and publishes from it: while no other instance holds the room,
 * nothing is sent at all. Each message carries the publishing instance's id so that an instance
 * ignores its own when Redis brings it back (another instance holds the room too).
 */
import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus.js';
import type { Logger } from '../logger.js';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

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
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.instanceId);
    encoding.writeVarUint(encoder, kinds.indexOf(kind));
    encoding.writeVarUint8Array(encoder, payload);
    this.bus.publish(channel(room), encoding.toUint8Array(encoder), this.instanceId).catch((err: unknown) => {
      this.log.warn({ err, room, kind }, 'bus publish failed');
    });
  }

  /** Resolves once the subscription is live; the returned function unsubscribes. */
  subscribe(room: string, handler: RoomEventHandler): Promise<() => Promise<void>> {
    return this.bus.subscribe(channel(room), (message) => {
      try {
        const decoder = decoding.createDecoder(message);
        if (decoding.readVarString(decoder) === this.instanceId) return;
        const kind = kinds[decoding.readVarUint(decoder)];
        if (!kind) throw new Error('unknown room event kind');
        handler(kind, decoding.readVarUint8Array(decoder));
      } catch (err) {
        this.log.warn({ err, room }, 'dropped a bus message');
      }
    }, this.instanceId);
  }
}
