/**
 * The device inbox signal: when to-device messages (keys, verification steps) are put into a
 * user's device inboxes, the `deviceInbox` stamp of their `user.<id>` room's server state moves on,
 * so their crypto devices read their inboxes now rather than at their next poll. Each instance
 * moves it in the user rooms it holds; the inbox itself stays with the api.
 */
import type { DomainEventHandlers } from '@volley/core';
import { nextStamp, userRoom } from '@volley/shared';
import type { Rooms, RoomWatcher } from '../rooms/rooms.js';
import { serverField, setServerField } from '../rooms/server-awareness.js';

export class DeviceInboxSignal implements RoomWatcher {
  constructor(private readonly rooms: Rooms) {}

  readonly on: DomainEventHandlers = {
    'device_inbox.filled': (event) => {
      for (const userId of event.userIds) {
        const room = this.rooms.peek(userRoom(userId));
        if (room) setServerField(room.awareness, 'deviceInbox', nextStamp(serverField(room.awareness, 'deviceInbox')));
      }
    },
  };
}
