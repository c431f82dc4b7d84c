import { encodeTime, monotonicFactory } from 'ulid';

// Monotonic: ids made in the same millisecond still sort in creation order (outbox ops rely on it).
const ulid = monotonicFactory();

/** Every id in Volley (users, conversations, ops, messages) is a ULID: sortable by creation time. */
export const newId = (): string => ulid();

/** The time part of the ids made at `ms`: an id sorts below it when made earlier, above it when made then or later. */
export const idAt = (ms: number): string => encodeTime(ms, 10);

