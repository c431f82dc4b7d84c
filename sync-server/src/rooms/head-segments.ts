/**
 * Plain sends built ahead (docs/architecture.md §4, "A plain send costs no round trip of its own"):
 * the instance holding a conversation's head segment predicts the seq and segment of its next
 * message — the head's last element's seq plus one, the element built for each of its sends still
 * in flight being in the doc already; the head unless the count and bytes rule of `segment_after`
 * (migration 035) would open the next — and builds the element's update on its doc without
 * broadcasting it. The send carries that update, which is stored with the message in the same
 * commit when the prediction held; otherwise the update is stored with the removal of its element
 * and the message goes the way of a send not built ahead.
 *
 * Nothing is built for a conversation while one of this instance's sends to it is in flight
 * without its element in the doc (one not built ahead, or one whose prediction failed): its seq
 * would fall between. Another instance's sends are what the database's check is for.
 */
import { ConvDoc, convRoom, SEGMENT_MAX_BYTES, SEGMENT_MESSAGE_BYTES_BESIDES_BODY, type Message } from '@volley/shared';
import { metrics, type BuiltUpdate } from '@volley/core';
import type * as Y from 'yjs';
import { insertInOrder } from './conversation-segment.js';
import { holds } from './segment-copies.js';
import type { BuiltChange } from './room.js';
import type { Rooms } from './rooms.js';

/** What the database counts of an element against its segment's bytes (`message_bytes`, and a send's files or sticker). */
const bytesOf = (message: Message): number => {
  const extra = message.attachments ?? message.sticker;
  return Buffer.byteLength(message.body) + SEGMENT_MESSAGE_BYTES_BESIDES_BODY + (extra ? Buffer.byteLength(JSON.stringify(extra)) : 0);
};

/** Conversations whose head is remembered. */
const HEADS_KEPT = 100_000;

/** Per head doc: its element count when its bytes were last summed, and that sum. */
const measured = new WeakMap<Y.Doc, { length: number; bytes: number }>();

/** The bytes of the segment's elements, summed again only when others than this instance's builds changed how many there are. */
function headBytes(doc: Y.Doc, messages: Y.Array<Message>): number {
  const known = measured.get(doc);
  if (known?.length === messages.length) return known.bytes;
  let bytes = 0;
  messages.forEach((message) => (bytes += bytesOf(message)));
  measured.set(doc, { length: messages.length, bytes });
  return bytes;
}

/** A send in flight from this instance, built ahead or not. */
export interface SendTicket {
  /** The update built ahead for the send, if it was. */
  readonly built: BuiltUpdate | undefined;
  /** The built update was stored with the message: it is broadcast now. */
  stored(): void;
  /** The built update was not stored: its element is removed, both are stored, and the send goes the usual way. */
  dropped(): void;
  /** The send is over (its element written, or no message made). */
  end(): void;
}

interface InFlight {
  /** This instance's sends in flight. */
  sends: number;
  /** Those without their element in the head doc. */
  unbuilt: number;
}

export class HeadSegments {
  /** Conversation → its head segment as this instance last saw a send recorded. */
  private readonly heads = new Map<string, number>();
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly rooms: Rooms,
    private readonly segmentSize: number,
  ) {}

  /** The head, as a recorded send shows it. */
  recorded(convId: string, segment: number): void {
    const known = this.heads.get(convId);
    if (known !== undefined && known >= segment) return;
    this.heads.delete(convId);
    this.heads.set(convId, segment);
    // The conversations written to most lately: an older one learns its head again at its next send.
    if (this.heads.size > HEADS_KEPT) this.heads.delete(this.heads.keys().next().value!);
  }

  /**
   * A send to `convId` begins: built ahead when this instance holds the head and can tell where the
   * message goes (`element` makes it for a seq; none for a send whose element needs the database's
   * answer), else only counted.
   */
  begin(convId: string, element: ((seq: number) => Message) | undefined): SendTicket {
    const flight = this.inFlight.get(convId) ?? this.inFlight.set(convId, { sends: 0, unbuilt: 0 }).get(convId)!;
    const built = element && flight.unbuilt === 0 ? this.build(convId, element) : undefined;
    flight.sends++;
    let state: 'built' | 'unbuilt' | 'ended' = built ? 'built' : 'unbuilt';
    if (!built) flight.unbuilt++;
    const over = () => {
      state = 'ended';
      if (--flight.sends === 0) this.inFlight.delete(convId);
    };
    const ticket: SendTicket = {
      built: built?.update,
      stored: () => {
        if (state !== 'built') return;
        built!.stored();
        over();
      },
      dropped: () => {
        if (state !== 'built') return;
        built!.dropped();
        state = 'unbuilt';
        flight.unbuilt++;
      },
      end: () => {
        if (state === 'built') ticket.dropped();
        if (state === 'ended') return;
        flight.unbuilt--;
        over();
      },
    };
    return ticket;
  }

  private build(convId: string, element: (seq: number) => Message): { update: BuiltUpdate; stored(): void; dropped(): void } | undefined {
    const segment = this.heads.get(convId);
    if (segment === undefined) return undefined;
    const name = convRoom(convId, segment);
    const room = this.rooms.peek(name);
    if (!room || ConvDoc.meta(room.doc).get('next') !== undefined) return undefined;
    const messages = ConvDoc.messages(room.doc);
    if (messages.length >= this.segmentSize) return undefined;
    const last = messages.length > 0 ? messages.get(messages.length - 1).seq : segment === 0 ? 0 : undefined;
    if (last === undefined) return undefined;
    const message = element(last + 1);
    // Held already: its op is sent again (a client that missed the answer), and the database will
    // answer with the seq it was recorded under. A second copy built meanwhile would only be removed.
    if (holds(room, message.id)) return undefined;
    const bytes = headBytes(room.doc, messages);
    if (bytes > 0 && bytes + bytesOf(message) > SEGMENT_MAX_BYTES) return undefined;
    // Held until the build is settled; the room is loaded, so the hold is taken at once.
    this.rooms.acquire(name).catch(() => undefined);
    const change: BuiltChange = room.build((doc) => insertInOrder(doc, convId, segment, message));
    measured.set(room.doc, { length: messages.length, bytes: bytes + bytesOf(message) });
    return {
      update: { update: change.update, seq: message.seq, segment },
      stored: () => {
        metrics.builtSends.inc({ outcome: 'stored' });
        change.stored();
        this.rooms.release(name);
      },
      dropped: () => {
        metrics.builtSends.inc({ outcome: 'dropped' });
        // The element built, found by identity (Yjs keeps the object a local insert was given), not
        // another copy of the message: one that arrived meanwhile from another instance stays, and
        // when segment-copies.ts has removed the built one as the second copy, nothing is removed.
        change.dropped((doc) => {
          const all = ConvDoc.messages(doc);
          for (let i = all.length - 1; i >= 0; i--) if (all.get(i) === message) return all.delete(i, 1);
        });
        this.rooms.release(name);
      },
    };
  }
}
