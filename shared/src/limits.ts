/** Longest message body, in UTF-16 code units after trimming. */
export const MESSAGE_MAX_LENGTH = 4000;
/** Most files one message carries. */
export const ATTACHMENTS_PER_MESSAGE = 10;
/** Largest JSON body the API reads. */
export const API_BODY_MAX_BYTES = 64 * 1024;
/** Largest single frame the sync socket accepts, and sends (docs/protocol.md, "Frames of at most 1 MiB"). */
export const SYNC_FRAME_MAX_BYTES = 1024 * 1024;
/** Default number of messages in one conversation segment (docs/architecture.md §3). */
export const SEGMENT_SIZE_DEFAULT = 1000;
/**
 * A segment is also sealed when its next message would take its messages past this many bytes
 * (each weighs its body's UTF-8 bytes plus SEGMENT_MESSAGE_BYTES_BESIDES_BODY): its whole state
 * then stays within the 2 MiB of unsent data a socket may hold, and syncs in two frames. Written
 * into the database (`segment_after`, migration 035): changing it takes a migration.
 */
export const SEGMENT_MAX_BYTES = 1536 * 1024;
/** A message element's bytes in its segment besides its body: ids, seq, author's name, time, keys. */
export const SEGMENT_MESSAGE_BYTES_BESIDES_BODY = 256;

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
