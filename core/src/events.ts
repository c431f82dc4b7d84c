import { z } from 'zod';
import type { Bus } from './bus.js';

/**
 * Domain events between processes (api → sync servers), JSON on the bus channel `events`.
 * Every instance gets every event; handlers act on what they hold (sockets, loaded rooms).
 */
const DomainEventSchema = z.discriminatedUnion('type', [
  /** Close the user's sockets on the conversation's rooms (4403) within a second. */
  z.object({
    type: z.literal('membership.removed'),
    convId: z.string(),
    userId: z.string(),
    reason: z.enum(['kicked', 'banned', 'left']),
  }),
  z.object({ type: z.literal('membership.added'), convId: z.string(), userId: z.string() }),
  /** A friendship or a block between these users began or ended: presence must be recomputed. */
  z.object({ type: z.literal('social.changed'), userIds: z.array(z.string()).min(1).max(2) }),
  /** A message was accepted in the conversation's head segment: members are signalled (sync server → sync servers). */
  z.object({
    type: z.literal('conversation.activity'),
    convId: z.string(),
    segment: z.number().int().nonnegative(),
    lastSeq: z.number().int().positive(),
    preview: z.string(),
    at: z.string(),
  }),
  /**
   * A message's recorded state changed outside an op (an invitation answered or expired, a game
   * finished): the sync servers make its element show what is recorded (RecordedMessages.show).
   */
  z.object({ type: z.literal('message.changed'), messageId: z.string() }),
  /** A game ended and its match is recorded (api game host → sync servers post the result). */
  z.object({ type: z.literal('game.finished'), gameId: z.string() }),
]);
export type DomainEvent = z.infer<typeof DomainEventSchema>;

const CHANNEL = 'events';

export class DomainEvents {
  /** `instance`: a sync server's id, under which it subscribes and publishes, so that it is not sent its own events. */
  constructor(
    private readonly bus: Bus,
    private readonly instance?: string,
  ) {}

  async publish(event: DomainEvent): Promise<void> {
    await this.bus.publish(CHANNEL, Buffer.from(JSON.stringify(event)), this.instance);
  }

  /** Events that do not parse are dropped (reported through `onInvalid`). */
  subscribe(handler: (event: DomainEvent) => void, onInvalid: (err: unknown) => void = () => {}): Promise<() => Promise<void>> {
    return this.bus.subscribe(CHANNEL, (payload) => {
      try {
        handler(DomainEventSchema.parse(JSON.parse(payload.toString('utf8'))));
      } catch (err) {
        onInvalid(err);
      }
    }, this.instance);
  }
}
