/** Longest message body, in UTF-16 code units after trimming. */
export const MESSAGE_MAX_LENGTH = 4000;
/** Largest JSON body the API reads. */
export const API_BODY_MAX_BYTES = 64 * 1024;
/** Largest single frame the sync socket accepts. */
export const SYNC_FRAME_MAX_BYTES = 1024 * 1024;
/** Default number of messages in one conversation segment (docs/architecture.md §3). */
export const SEGMENT_SIZE_DEFAULT = 1000;

// The user document's quota (docs/architecture.md §3): `user.<id>` is written by its user, so its
// size is bounded by the server. Its outbox is pruned (the server removes decided entries, see
// sync-server/src/outbox/outbox-pruning.ts) and its notifications capped, so an active user stays far below.

/** Largest outbox entry the server reads, in UTF-16 units of its strings and keys (a body is at most 4,000). */
export const OUTBOX_ENTRY_MAX_UNITS = 64 * 1024;
/** Largest update a client may make to its `user.<id>` document in one frame. */
export const USER_UPDATE_MAX_BYTES = 256 * 1024;
/** Largest `user.<id>` document (bytes of its encoded state) a client may still write to. */
export const USER_DOC_MAX_BYTES = 4 * 1024 * 1024;
/**
 * Accepted outbox entries the server leaves (the newest: a client shows them until their message
 * arrives, then deletes them itself); it prunes the older ones once there are twice as many.
 */
export const OUTBOX_ACCEPTED_KEPT = 50;
