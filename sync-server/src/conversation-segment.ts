/** Server-side writes to a conversation segment document (`conv.<convId>.<n>`). */
import { ConvDoc, convRoom, type Message } from '@volley/shared';
import type { Rooms } from './rooms.js';

/**
 * Appends the message to the segment in seq order, unless it is already there; resolves once the
 * change is persisted. The segment's `meta` is set by its first write.
 */
export function appendMessage(rooms: Rooms, convId: string, segment: number, message: Message): Promise<void> {
  return rooms.using(convRoom(convId, segment), (room) =>
    room.write((doc) => {
      const messages = ConvDoc.messages(doc);
      const current = messages.toArray();
      if (current.some((m) => m.id === message.id)) return;
      const meta = ConvDoc.meta(doc);
      if (!meta.has('convId')) {
        meta.set('convId', convId);
        meta.set('segment', segment);
      }
      // Messages committed in seq order may reach this point out of order; place by seq.
      let at = current.length;
      while (at > 0 && current[at - 1]!.seq > message.seq) at--;
      messages.insert(at, [message]);
    }),
  );
}
