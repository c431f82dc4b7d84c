import { encodeTime, monotonicFactory } from 'ulid';

// Monotonic: ids made in the same millisecond still sort in creation order (outbox ops rely on it).
const ulid = monotonicFactory();

/** Every id in Volley (users, conversations, ops, messages) is a ULID: sortable by creation time. */
export const newId = (): string => ulid();

/** An id as a pattern, to build others from (a room's name, a Matrix user id): Crockford's base32, 26 characters. */
export const ID_PATTERN = '[0-9A-HJKMNP-TV-Z]{26}';

const ID = new RegExp(`^${ID_PATTERN}$`);
/** Whether `text` is an id: where a schema is not at hand (untrusted content read on a device). */
export const isId = (text: string): boolean => ID.test(text);

/** The time part of the ids made at `ms`: an id sorts below it when made earlier, above it when made then or later. */
export const idAt = (ms: number): string => encodeTime(ms, 10);

