/**
 * What one socket, and one user over all their sockets in a process, may send on `/sync`, per
 * y-websocket frame type, as token buckets: `perSecond` refills, `burst` is what may be spent at
 * once. Over budget, the socket is closed with rate_limited (4529, retryable). The figures sit far
 * above what the PWA or a stock client sends (a stock client: sync step 1 + step 2 when it
 * connects, its awareness on every change and every 15 s), and bound what the server does in
 * answer: a sync step 1 is answered with the whole document, a query-awareness with every state.
 * Awareness echoes (states the socket does not own) are dropped before any of this is counted.
 */
import { GAME_FRAME_MAX_BYTES } from './game/constants.js';
import { SYNC_FRAME_MAX_BYTES } from './limits.js';

export interface Rate {
  perSecond: number;
  burst: number;
}

export interface FrameBudget {
  frames: Rate;
  bytes: Rate;
}

export type SyncFrameKind = 'syncStep1' | 'syncStep2' | 'update' | 'awareness' | 'queryAwareness' | 'renewToken' | 'op';

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Per socket, then per user (the PWA opens a room per socket and reconnects all of them at once
 * after a network drop: the user's bursts allow some 50 rooms).
 */
export const SYNC_BUDGETS: Record<SyncFrameKind, { socket: FrameBudget; user: FrameBudget }> = {
  // A state vector: a few bytes per client that ever wrote the document.
  syncStep1: {
    socket: { frames: { perSecond: 1, burst: 5 }, bytes: { perSecond: 16 * KiB, burst: 64 * KiB } },
    user: { frames: { perSecond: 10, burst: 100 }, bytes: { perSecond: 160 * KiB, burst: 1 * MiB } },
  },
  // The client's own state the server lacks: once per connection, as large as a frame may be.
  syncStep2: {
    socket: { frames: { perSecond: 1, burst: 5 }, bytes: { perSecond: 256 * KiB, burst: 2 * SYNC_FRAME_MAX_BYTES } },
    user: { frames: { perSecond: 10, burst: 100 }, bytes: { perSecond: 1 * MiB, burst: 4 * SYNC_FRAME_MAX_BYTES } },
  },
  // Writes to the user's own document: sends, read marks, drafts.
  update: {
    socket: { frames: { perSecond: 30, burst: 200 }, bytes: { perSecond: 256 * KiB, burst: 2 * SYNC_FRAME_MAX_BYTES } },
    user: { frames: { perSecond: 60, burst: 400 }, bytes: { perSecond: 512 * KiB, burst: 4 * SYNC_FRAME_MAX_BYTES } },
  },
  // The socket's own states only: typing and presence changes, a renewal every 15 s.
  awareness: {
    socket: { frames: { perSecond: 10, burst: 50 }, bytes: { perSecond: 32 * KiB, burst: 256 * KiB } },
    user: { frames: { perSecond: 50, burst: 500 }, bytes: { perSecond: 128 * KiB, burst: 1 * MiB } },
  },
  // One byte asking for every state of the room: the answer is what costs.
  queryAwareness: {
    socket: { frames: { perSecond: 1, burst: 5 }, bytes: { perSecond: 16, burst: 80 } },
    user: { frames: { perSecond: 5, burst: 50 }, bytes: { perSecond: 80, burst: 800 } },
  },
  // A fresh access token (a signature check): a client renews each socket halfway through its
  // token's life, every 2.5 s at the shortest lifetime the config allows (5 s); the user's burst
  // lets a client renew every room it has open at once.
  renewToken: {
    socket: { frames: { perSecond: 1, burst: 5 }, bytes: { perSecond: 4 * KiB, burst: 16 * KiB } },
    user: { frames: { perSecond: 20, burst: 200 }, bytes: { perSecond: 64 * KiB, burst: 512 * KiB } },
  },
  // Op frames (op-frames.ts), each one op of at most OUTBOX_ENTRY_MAX_UNITS: what the account may
  // have decided (OP_RATE_DEFAULT) is refused past its rate with `rate_limited`, so these bound
  // only the frames, the resends of a reconnect included (a queue kept offline: the burst).
  op: {
    socket: { frames: { perSecond: 20, burst: 200 }, bytes: { perSecond: 256 * KiB, burst: 2 * SYNC_FRAME_MAX_BYTES } },
    user: { frames: { perSecond: 40, burst: 400 }, bytes: { perSecond: 512 * KiB, burst: 4 * SYNC_FRAME_MAX_BYTES } },
  },
};

/**
 * Sockets one user may open a second on `/sync` in a process, counted after the token is checked
 * and before the room's authorization is read from the database: a client reconnecting at full
 * speed costs a signature check, no more. The burst lets the PWA reopen every room after a drop.
 */
export const SYNC_OPENS_PER_USER: Rate = { perSecond: 10, burst: 100 };

/**
 * Ops (send, edit, delete, react, invite) decided for one account — a person or a bot — per second,
 * by default; a deployment sets its own (`OP_RATE_PER_SECOND`, `OP_RATE_BURST`). The burst covers
 * a paste or what was queued offline; past it, an op is refused `rate_limited` with the time to
 * retry (docs/protocol.md, "Rate limits"). Synapse's `rc_message` (0.2/s, burst 10) is stricter:
 * a chat's reactions and quick replies come faster than that.
 */
export const OP_RATE_DEFAULT: Rate = { perSecond: 5, burst: 20 };

/**
 * A `rate_limited` op holds back the same account's later ops (so none overtakes it) until this
 * long after its retry time: a client that never retries does not stop its own outbox for good.
 */
export const OP_RETRY_GRACE_MS = 10_000;

/** A frame of any other type is malformed: closed with bad_request (4400) at the first, no budget. */

/** Client ids whose awareness state one socket may own: a stock client has one per document. */
export const AWARENESS_CLIENTS_PER_SOCKET = 4;

/** One awareness state's JSON: the PWA's (user, typing, presence) is under 200 bytes. */
export const AWARENESS_STATE_MAX_BYTES = 4 * KiB;

/** Game socket frames a second (twice the tick rate): a client sends one input per change of direction. */
export const GAME_INPUT_BUDGET: Rate = { perSecond: 120, burst: 120 };

/**
 * Frames held while a socket waits to be joined (core/src/sockets/held-frames.ts): at most what
 * the socket's budget would take at once; past it the socket is closed with rate_limited.
 */
export const GAME_HELD_FRAMES = { frames: GAME_INPUT_BUDGET.burst, bytes: GAME_INPUT_BUDGET.burst * GAME_FRAME_MAX_BYTES };
export const SYNC_HELD_FRAMES = { frames: SYNC_BUDGETS.update.socket.frames.burst, bytes: SYNC_BUDGETS.update.socket.bytes.burst };

/** Token renewals (`{t: 'token'}`) a game or queue socket may send, besides its inputs: like `/sync`'s renewToken per socket. */
export const GAME_RENEWAL_BUDGET: Rate = SYNC_BUDGETS.renewToken.socket.frames;
