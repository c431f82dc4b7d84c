/**
 * `@volley/sync-server`: the y-websocket protocol server on `/sync/<room>` (docs/architecture.md §4):
 * authentication and room authorization at upgrade, the outbox processor, the update log in
 * PostgreSQL, and fan-out across instances over the bus.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { createSocketGateway, Credentials, DomainEvents, forCategory, KeyedBuckets, Notifier, PushDelivery, PushDispatcher, PushSubscriptions, type Deps, RoomFanout, UpdateLog } from '@volley/core';
import { OP_FRAMES_SUBPROTOCOL, SYNC_FRAME_MAX_BYTES, SYNC_OPENS_PER_USER } from '@volley/shared';
import { OpFrames } from './outbox/op-frames.js';
import type { OpContext } from './outbox/ops/op-context.js';
import { OutboxProcessor } from './outbox/outbox-processor.js';
import { HeadSegments } from './rooms/head-segments.js';
import { Inbox } from './rooms/inbox.js';
import { RecordedMessages } from './rooms/recorded-message.js';
import { Rooms, type RoomWatcher } from './rooms/rooms.js';
import { SegmentWatcher } from './rooms/segment-watcher.js';
import { joinRoom } from './transport/join.js';
import { admit } from './transport/upgrade.js';
import { MessagePushes } from './watchers/message-pushes.js';
import { listen } from './watchers/domain-events.js';
import { LinkedMessages } from './outbox/linked-messages.js';
import { ErasedAccounts } from './watchers/erased-accounts.js';
import { FriendPresence } from './watchers/friend-presence.js';
import { GameResults } from './watchers/game-results.js';
import { MembershipGuard } from './watchers/membership-guard.js';
import { MessageStreams } from './watchers/message-streams.js';
import { notificationsCap } from './watchers/notifications-cap.js';
import { ReadReceipts } from './watchers/read-receipts.js';
import { DeviceInboxSignal } from './watchers/device-inbox-signal.js';
import { TournamentPosts } from './watchers/tournament-posts.js';

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
  /** The push queue is looked at this often when found empty (PUSH_POLL_MS, 2 s). */
  pushPollMs?: number;
}

export interface SyncServer {
  /** For every HTTP upgrade whose path starts with `/sync/`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket, finishes the ops being decided and the pending appends. */
  close(): Promise<void>;
}

/**
 * The parts, each built on those before it: the rooms, the outbox that writes into them, the
 * watchers of the rooms, then the transport that lets sockets in. Closed the other way round.
 */
export function createSyncServer(deps: SyncServerDeps, options: SyncServerOptions = {}): SyncServer {
  const { db, config } = deps;
  const log = forCategory(deps.logger, 'sync');

  // Rooms: the documents, their update log and their fan-out across instances.
  const fanout = new RoomFanout(deps.bus, forCategory(deps.logger, 'bus'));
  const updateLog = new UpdateLog(db);
  const rooms = new Rooms({ persistence: updateLog, fanout, log, compactAfter: options.compactAfter ?? 200 }, { evictAfterMs: options.evictAfterMs ?? 30_000 });
  const events = new DomainEvents(deps.bus, fanout.instanceId);
  const inbox = new Inbox({ db, rooms, events, log });
  const recorded = new RecordedMessages({ db, rooms });
  const segments = new SegmentWatcher({ db, rooms, recorded, log });

  // Who is online anywhere, and the pushes to those who are not.
  const presence = new FriendPresence({ db, bus: deps.bus, rooms, log }, { snapshotMs: options.presenceSnapshotMs ?? 10_000, expiryMs: options.presenceExpiryMs ?? 7000 });
  const online = (userId: string) => presence.isOnline(userId);
  const pushLog = forCategory(deps.logger, 'push');
  const subscriptions = new PushSubscriptions(db);
  const delivery = new PushDelivery({ vapid: config.push.vapid, log: pushLog, gone: (subscription) => subscriptions.drop(subscription.id) });
  const dispatcher = new PushDispatcher({ db, log: pushLog, subscriptions, delivery, online, publicUrl: config.publicUrl, pollMs: options.pushPollMs });
  const pushes = new MessagePushes({ db, log: pushLog, online, queued: () => dispatcher.wake() });

  // The outbox: the ops users write, decided.
  const opLog = forCategory(deps.logger, 'outbox');
  const links = config.linkPreviews.enabled ? new LinkedMessages({ events, log: opLog }) : undefined;
  const files = { released: () => void events.publish({ type: 'attachments.released' }).catch((err: unknown) => opLog.warn({ err }, 'asking for removed files to go failed')) };
  const heads = new HeadSegments(rooms, config.segmentSize);
  const ops: OpContext = { db, updateLog, rooms, inbox, recorded, notifier: new Notifier(deps), pushes, links, files, segmentSize: config.segmentSize, log: opLog, heads };
  const streams = new MessageStreams(ops, { idleMs: options.streamIdleMs });
  const outbox = new OutboxProcessor({ ...ops, streams, opRate: config.opRate });
  const opFrames = new OpFrames(outbox, db, ops.log);

  // The watchers, each handed every room as it loads and the domain events it acts on.
  const guard = new MembershipGuard({ db, rooms, log }, options.membershipSweepMs ?? 30_000);
  const gameLog = forCategory(deps.logger, 'game');
  const watchers: RoomWatcher[] = [
    inbox,
    pushes,
    streams,
    new ErasedAccounts({ db, rooms, log }),
    notificationsCap(log),
    presence,
    outbox,
    opFrames,
    new ReadReceipts({ db, rooms, log }),
    new DeviceInboxSignal(rooms),
    new GameResults({ db, updateLog, rooms, inbox, recorded, segmentSize: config.segmentSize, log: gameLog }),
    new TournamentPosts({ db, updateLog, rooms, inbox, events, segmentSize: config.segmentSize, log: gameLog }),
    guard,
    // Last, so that on close its reconciling at start is the first thing to stop.
    segments,
  ];
  rooms.watchedBy(watchers);
  if (options.reconcileAtStart !== false) segments.start();
  // No socket is admitted before this instance hears domain events and other instances' presence.
  const ready = Promise.all([listen(events, [...watchers.flatMap((watcher) => watcher.on ?? []), { 'push.queued': () => dispatcher.wake() }], forCategory(deps.logger, 'bus')), presence.start()]);
  ready.catch((err: unknown) => log.error({ err }, 'subscribing to the bus failed; upgrades will fail'));
  // Pushes are decided once this instance knows who is online anywhere.
  void ready.then(() => dispatcher.start(), () => undefined);

  // The transport: upgrades admitted, then sockets joined to their rooms.
  const credentials = new Credentials(deps.tokens, db, deps.gate);
  const opens = new KeyedBuckets(SYNC_OPENS_PER_USER);
  const gateway = createSocketGateway({
    name: 'sync',
    admit: (req, address) => ready.then(() => admit(req, address, { db, credentials, opens })),
    join: joinRoom({ rooms, tokens: deps.tokens, log, streams, ops: opFrames, admits: (user) => guard.admits(user) }),
    maxPayload: SYNC_FRAME_MAX_BYTES,
    allowedOrigins: config.allowedOrigins,
    log,
    gate: deps.gate,
    trustProxy: config.trustProxy,
    features: [OP_FRAMES_SUBPROTOCOL],
  });

  return {
    handleUpgrade: gateway.handleUpgrade,
    async close() {
      await gateway.close();
      await ready.then(([unsubscribe]) => unsubscribe(), () => undefined);
      // The watchers first, newest first, then the rooms.
      await rooms.close();
      await dispatcher.stop();
      await delivery.close();
    },
  };
}
