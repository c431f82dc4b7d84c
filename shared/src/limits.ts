/** Longest message body, in UTF-16 code units after trimming. */
export const MESSAGE_MAX_LENGTH = 4000;
/** Largest JSON body the API reads. */
export const API_BODY_MAX_BYTES = 64 * 1024;
/** Largest single frame the sync socket accepts. */
export const SYNC_FRAME_MAX_BYTES = 1024 * 1024;
/** Default number of messages in one conversation segment (docs/architecture.md §3). */
export const SEGMENT_SIZE_DEFAULT = 1000;
