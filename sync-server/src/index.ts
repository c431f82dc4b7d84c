/**
 * `@volley/sync-server`: the y-websocket protocol server on `/sync/<room>` (docs/architecture.md §4):
 * authentication and room authorization at upgrade, the outbox processor, the update log in
 * PostgreSQL, and fan-out across instances over the bus.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { createSocketGateway, Credentials, DomainEvents, forCategory, KeyedBuckets, Notifier, PushDelivery, PushDispatcher, PushSubscriptions, type Deps, RoomFanout, UpdateLog } from '@volley/core';
import { OP_FRAMES_SUBPROTOCOL, parseRoom, SYNC_FRAME_MAX_BYTES, SYNC_OPENS_PER_USER } from '@volley/shared';
import { Connection } from './transport/connection.js';
import { listen } from './watchers/domain-events.js';
import { DirectMessagePushes } from './watchers/direct-message-pushes.js';
import { FriendPresence } from './watchers/friend-presence.js';
import { GameResults } from './watchers/game-results.js';
import { TournamentPosts } from './watchers/tournament-posts.js';
import { Inbox } from './rooms/inbox.js';
import { MembershipGuard } from './watchers/membership-guard.js';
import { MessageStreams } from './watchers/message-streams.js';
import { OpFrames } from './outbox/op-frames.js';
import { capNotifications } from './watchers/notifications-cap.js';
import { OutboxProcessor } from './outbox/outbox-processor.js';
import type { OpContext } from './outbox/ops/op-context.js';
import { ReadReceipts } from './watchers/read-receipts.js';
import { RecordedMessages } from './rooms/recorded-message.js';
import { Rooms } from './rooms/rooms.js';
import { watchCopies } from './rooms/segment-copies.js';
import { reconcileRecent, reconcileSegment } from './rooms/segment-reconcile.js';
import { ErasedAccounts, eraseOnLoad } from './watchers/erased-accounts.js';
import { admit, type Admitted } from './transport/upgrade.js';

/** What the sync server is built from: the servers' shared dependencies (core/src/deps.ts). */
export type SyncServerDeps = Deps;

export interface SyncServerOptions {
  /** A room nobody holds is evicted from memory after this long. */
  evictAfterMs?: number;
  /** A streamed message is recorded as it stands this long after its last chunk (STREAM_IDLE_MS). */
  streamIdleMs?: number;
  /** A room's update log is compacted into one row once it holds more rows than this. */
  compactAfter?: number;
  /** Open conversation sockets are re-checked against membership this often (in case an event was lost). */
  membershipSweepMs?: number;
  /** This instance's presence snapshot goes out this often (10 s); an instance silent for `presenceExpiryMs` (7 s) is presumed dead. */
  presenceSnapshotMs?: number;
  presenceExpiryMs?: number;
  /**
   * Reconcile at start the segments that got messages lately (segment-reconcile.ts), for the
   * copies other instances keep loaded. True by default; an instance that is alone (the embedded
   * server on its in-process bus) has no such copies: each segment is reconciled as it loads.
   */
  reconcileAtStart?: boolean;
  /** The push queue is looked at this often when found empty (250 ms). */
  pushPollMs?: number;
}

export interface SyncServer {
  /** For every HTTP upgrade whose path starts with `/sync/`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket, finishes the ops being decided and the pending appends. */
  close(): Promise<void>;
}

export function createSyncServer(deps: SyncServerDeps, options: SyncServerOptions = {}): SyncServer {
  const log = forCategory(deps.logger, 'sync');
  const credentials = new Credentials(deps.tokens, deps.db);
  const fanout = new RoomFanout(deps.bus, forCategory(deps.logger, 'bus'));
  const updateLog = new UpdateLog(deps.db);
  const rooms = new Rooms(
    {
      persistence: updateLog,
      fanout,
      log,
      compactAfter: options.compactAfter ?? 200,
    },
    {
      evictAfterMs: options.evictAfterMs ?? 30_000,
      prepare: async (room) => {
        const name = parseRoom(room.name);
        if (name?.kind === 'user' && (await eraseOnLoad(deps.db, room))) void room.compact();
        if (name?.kind !== 'conv') return;
        watchCopies(room, (id) => void recorded.show(id).catch((err: unknown) => log.error({ err, room: room.name, id }, 'showing a message again failed')));
        // Not waited for: the clients that made the room load wait for their sync step 2.
        if (await reconcileSegment(deps.db, room, name.convId, name.segment)) void room.compact();
      },
      onLoad: (room) => {
        capNotifications(room, log);
        presence.watch(room);
        outbox.watch(room);
        receipts.watch(room);
      },
    },
  );
  const events = new DomainEvents(deps.bus, fanout.instanceId);
  const inbox = new Inbox({ db: deps.db, rooms, events, log });
  const recorded = new RecordedMessages({ db: deps.db, rooms });
  const pushLog = forCategory(deps.logger, 'push');
  const subscriptions = new PushSubscriptions(deps.db);
  const delivery = new PushDelivery({ vapid: deps.config.push.vapid, log: pushLog, gone: (subscription) => subscriptions.drop(subscription.id) });
  const dispatcher = new PushDispatcher({ db: deps.db, log: pushLog, subscriptions, delivery, online: (userId) => presence.isOnline(userId), publicUrl: deps.config.publicUrl, pollMs: options.pushPollMs });
  const pushes = new DirectMessagePushes({ db: deps.db, log: pushLog, online: (userId) => presence.isOnline(userId), queued: () => void dispatcher.flush() });
  const ops: OpContext = { db: deps.db, updateLog, rooms, inbox, recorded, notifier: new Notifier(deps), pushes, segmentSize: deps.config.segmentSize, log: forCategory(deps.logger, 'outbox') };
  const streams = new MessageStreams(ops, { idleMs: options.streamIdleMs });
  const outbox = new OutboxProcessor({ ...ops, streams, opRate: deps.config.opRate });
  const opFrames = new OpFrames(outbox, deps.db, ops.log);
  const games = new GameResults({ db: deps.db, updateLog, rooms, inbox, recorded, segmentSize: deps.config.segmentSize, log: forCategory(deps.logger, 'game') });
  const tournamentPosts = new TournamentPosts({ db: deps.db, updateLog, rooms, inbox, segmentSize: deps.config.segmentSize, log: forCategory(deps.logger, 'game') });
  const receipts = new ReadReceipts({ db: deps.db, rooms, log });
  const erased = new ErasedAccounts({ db: deps.db, rooms, log });
  const presence = new FriendPresence(
    { db: deps.db, bus: deps.bus, rooms, log },
    { snapshotMs: options.presenceSnapshotMs ?? 10_000, expiryMs: options.presenceExpiryMs ?? 7000 },
  );
  const guard = new MembershipGuard({ db: deps.db, rooms, log }, options.membershipSweepMs ?? 30_000);
  // No socket is admitted before this instance hears membership changes and other instances' presence.
  const listening = listen(
    events,
    {
      'membership.removed': (event) => {
        inbox.membershipChanged(event.convId);
        guard.removed(event);
      },
      'membership.added': (event) => inbox.membershipChanged(event.convId),
      'social.changed': (event) => presence.socialChanged(event.userIds),
      'conversation.activity': (event) => void inbox.record(event),
      'message.changed': (event) => games.messageChanged(event.messageId),
      'game.finished': (event) => games.gameFinished(event.gameId),
      'tournament.posted': (event) => tournamentPosts.posted(event.tournamentId),
      'token.revoked': (event) => guard.revoked(event.tokenId),
      'account.deleted': (event) => erased.deleted(event.userId),
    },
    forCategory(deps.logger, 'bus'),
  );
  let closing = false;
  const recovering =
    options.reconcileAtStart === false ? Promise.resolve() : reconcileRecent(deps.db, rooms, () => closing).catch((err: unknown) => log.error({ err }, 'reconciling recent segments at start failed'));
  const ready = Promise.all([listening, presence.start()]);
  // Pushes are decided once this instance knows who is online anywhere.
  void ready.then(() => dispatcher.start(), () => undefined);
  ready.catch((err: unknown) => log.error({ err }, 'subscribing to the bus failed; upgrades will fail'));

  /** Frames that arrive while the room loads wait for it. */
  function join(socket: WebSocket, { room: name, user, readOnly }: Admitted, address: string | null): void {
    const context = { room: name, userId: user.userId };
    const early: Parameters<Connection['receive']>[] = [];
    const hold = (...frame: Parameters<Connection['receive']>) => early.push(frame);
    socket.on('message', hold);
    rooms.acquire(name).then(
      (room) => {
        socket.off('message', hold);
        if (socket.readyState !== socket.OPEN) return rooms.release(name);
        const connection = new Connection(socket, room, user, address, readOnly, deps.tokens, () => rooms.release(name), log, readOnly ? streams : undefined, readOnly ? opFrames : undefined);
        log.debug({ ...context, readOnly }, 'joined');
        for (const frame of early) connection.receive(...frame);
      },
      (err: unknown) => {
        log.error({ ...context, err }, 'loading the room failed');
        socket.close(1011, 'internal_error');
      },
    );
  }

  const opens = new KeyedBuckets(SYNC_OPENS_PER_USER);
  const transport = createSocketGateway({ name: 'sync', admit: (req) => ready.then(() => admit(req, { db: deps.db, credentials, opens })), join, maxPayload: SYNC_FRAME_MAX_BYTES, allowedOrigins: deps.config.allowedOrigins, log, gate: { gate: deps.gate, trustProxy: deps.config.trustProxy }, features: [OP_FRAMES_SUBPROTOCOL] });

  return {
    handleUpgrade: transport.handleUpgrade,
    async close() {
      closing = true;
      await transport.close();
      guard.close();
      await ready.then(([unsubscribe]) => unsubscribe(), () => undefined);
      await Promise.all([presence.close(), outbox.close(), pushes.close(), opFrames.close(), receipts.close(), games.close(), tournamentPosts.close(), erased.close()]);
      await streams.close();
      await inbox.close();
      await recovering;
      await rooms.close();
      await dispatcher.stop();
      await delivery.close();
    },
  };
}
