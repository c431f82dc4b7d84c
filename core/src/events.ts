import { SYSTEM_SEQS_KEPT } from '@volley/shared';
import { z } from 'zod';
import type { Bus } from './bus.js';
import { currentRequestId } from './request-id.js';

/**
 * Domain events between processes (api → sync servers), JSON on the bus channel `events`.
 * Every instance gets every event; handlers act on what they hold (sockets, loaded rooms).
 * `conversation.activity`, one per message between sync servers, has a channel of its own
 * (`events.activity`) that only its listeners subscribe to: the other subscribers of a process
 * (its site gate, the api's sockets) do not parse an event per message to drop it.
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
  /** A member's role or mute changed (or the ownership went to them): the members' open lists are read again. */
  z.object({ type: z.literal('membership.changed'), convId: z.string(), userId: z.string() }),
  /** A friendship, friend request or block between these users began or ended: presence is recomputed, their lists read again. */
  z.object({ type: z.literal('social.changed'), userIds: z.array(z.string()).min(1).max(2) }),
  /** A message was accepted in the conversation's head segment: members are signalled (sync server → sync servers). */
  z.object({
    type: z.literal('conversation.activity'),
    convId: z.string(),
    segment: z.number().int().nonnegative(),
    lastSeq: z.number().int().positive(),
    /** The message's id (absent from an instance that predates it): an encrypted one's text is on the members' devices, under its id. */
    id: z.string().optional(),
    preview: z.string(),
    at: z.string(),
    /** The author's id and username (absent from an instance that predates them). */
    author: z.string().optional(),
    authorName: z.string().optional(),
    /** The conversation's last message was deleted (the same `lastSeq` again); absent: a new message. */
    deleted: z.boolean().optional(),
    /** The conversation's last message was edited then (the same `lastSeq` again, its new text); absent: not edited. */
    editedAt: z.string().optional(),
    /** The system lines among the seqs this activity moves past (a tournament's line: `[lastSeq]`); absent: none. */
    system: z.array(z.number().int().positive()).max(SYSTEM_SEQS_KEPT).optional(),
  }),
  /**
   * A message's recorded state changed outside an op (an invitation answered or expired, a game
   * finished): the sync servers make its element show what is recorded (RecordedMessages.show).
   */
  z.object({ type: z.literal('message.changed'), messageId: z.string() }),
  /**
   * A message was sent, or edited, with a web link outside code (sync server → api): an api
   * process claims fetching its preview, then publishes `message.changed`.
   */
  z.object({ type: z.literal('message.linked'), messageId: z.string() }),
  /** A deleted message carried files (sync server → api): the api processes remove them now rather than at their hourly sweep. */
  z.object({ type: z.literal('attachments.released') }),
  /** To-device messages (docs/protocol.md, "Encrypted messages") were put into these users' device inboxes: their sessions are told to read them. */
  z.object({ type: z.literal('device_inbox.filled'), userIds: z.array(z.string()).min(1).max(1000) }),
  /** A bot token was revoked (or its bot deleted): every socket opened with it closes (4401). */
  z.object({ type: z.literal('token.revoked'), tokenId: z.string() }),
  /**
   * An account (a person's or a bot's) was closed: every process's site gate refuses its tokens and
   * closes its sockets at once; for a person, each sync server makes the rooms it holds stop naming
   * it (segments, notifications), a room loaded later on load (docs/architecture.md §5, "Deletion").
   */
  z.object({ type: z.literal('account.deleted'), userId: z.string() }),
  /**
   * A game ended and its match is recorded (api game host → sync servers post the result; a
   * tournament's game names its tournament, which the api processes' clocks settle at once).
   */
  z.object({ type: z.literal('game.finished'), gameId: z.string(), tournamentId: z.string().optional() }),
  /** Pushes were queued (`push_queue`): the sync servers' dispatchers look at the queue now rather than at their next safety-net poll. */
  z.object({ type: z.literal('push.queued') }),
  /** A tournament has lines to post in its conversation (`tournament_posts`): a sync server claims and posts them. */
  z.object({ type: z.literal('tournament.posted'), tournamentId: z.string() }),
  /** A tournament moved (registration, start, results, end) to this `version`: the api processes tell its watchers. */
  z.object({ type: z.literal('tournament.changed'), tournamentId: z.string(), version: z.number().int().positive() }),
  /**
   * A site ban, lift or kick, or ended sessions, were recorded: every process reloads its SiteGate and
   * closes what it now refuses. `endedSessions` (refresh families) are refused as the event arrives.
   */
  z.object({ type: z.literal('site.changed'), endedSessions: z.array(z.string()).optional() }),
]);
export type DomainEvent = z.infer<typeof DomainEventSchema>;

/** What a part does on the events it acts on, by type. */
export type DomainEventHandlers = { [T in DomainEvent['type']]?: (event: Extract<DomainEvent, { type: T }>) => void };

const CHANNEL = 'events';
const ACTIVITY_CHANNEL = 'events.activity';

/** Beside the event: the id of the HTTP request that caused it, for the receivers' logs. */
const Envelope = z.object({ requestId: z.string().regex(/^[\w.:-]{1,64}$/).optional() });

export class DomainEvents {
  /** `instance`: a sync server's id, under which it subscribes and publishes, so that it is not sent its own events. */
  constructor(
    private readonly bus: Bus,
    private readonly instance?: string,
  ) {}

  /** Carries the id of the request being handled, if any (request-id.ts). */
  async publish(event: DomainEvent): Promise<void> {
    const requestId = currentRequestId();
    const channel = event.type === 'conversation.activity' ? ACTIVITY_CHANNEL : CHANNEL;
    await this.bus.publish(channel, Buffer.from(JSON.stringify(requestId ? { ...event, requestId } : event)), this.instance);
  }

  /**
   * Events that do not parse are dropped (reported through `onInvalid`). `conversation.activity`
   * reaches only a subscriber that asks for it (`activity`).
   */
  async subscribe(handler: (event: DomainEvent, requestId: string | undefined) => void, onInvalid: (err: unknown) => void = () => {}, { activity = false } = {}): Promise<() => Promise<void>> {
    const receive = (payload: Buffer) => {
      try {
        const json: unknown = JSON.parse(payload.toString('utf8'));
        handler(DomainEventSchema.parse(json), Envelope.safeParse(json).data?.requestId);
      } catch (err) {
        onInvalid(err);
      }
    };
    const channels = activity ? [CHANNEL, ACTIVITY_CHANNEL] : [CHANNEL];
    const unsubscribes = await Promise.all(channels.map((channel) => this.bus.subscribe(channel, receive, this.instance)));
    return async () => {
      await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
    };
  }
}
