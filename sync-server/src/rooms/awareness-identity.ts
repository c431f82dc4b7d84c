/**
 * A client's awareness update, made safe to apply. The entries (client id, clock, state JSON, as
 * y-protocols encodes them) are read without parsing the states; only those the socket owns are
 * kept (the room decides, see Room.ownsAwareness), so echoes of other sockets' states,
 * which a stock client sends back for every change it receives, cost a varint scan and no
 * allocation. Each kept state then carries the authenticated user as `user: {id, name}` whatever
 * the client wrote there.
 */
import type { AccessClaims } from '@volley/core';
import { AWARENESS_STATE_MAX_BYTES, awarenessUpdate } from '@volley/shared';
import * as decoding from 'lib0/decoding';

/** Whose an entry is, as the room decides (Room.ownsAwareness): only the socket's `own` are applied. */
export type AwarenessClaim = 'own' | 'echo' | 'refused';

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** The state's JSON, unparsed: `null` clears the client's state. */
  state: Uint8Array;
}

export class OversizeState extends Error {}

const NULL_STATE = new TextEncoder().encode('null');
const isRemoval = (state: Uint8Array): boolean => state.length === NULL_STATE.length && state.every((byte, i) => byte === NULL_STATE[i]);

/**
 * The entries `claim` finds the socket's own, in order, and whether it refused any (`forged`).
 * Throws on a malformed update or a state over the bound.
 */
export function ownEntries(update: Uint8Array, claim: (client: number, clock: number, removal: boolean) => AwarenessClaim): { entries: AwarenessEntry[]; forged: boolean } {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  let forged = false;
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A string is written as a length-prefixed byte array: read as a view, not decoded.
    const state = decoding.readVarUint8Array(decoder);
    const claimed = claim(client, clock, isRemoval(state));
    forged ||= claimed === 'refused';
    if (claimed !== 'own') continue;
    if (state.length > AWARENESS_STATE_MAX_BYTES) throw new OversizeState('awareness state over the bound');
    entries.push({ client, clock, state });
  }
  return { entries, forged };
}

/** An entry with its state parsed: `null` clears the client's state. */
export interface ParsedEntry {
  client: number;
  clock: number;
  state: unknown;
}

/** The entries' states parsed. Throws on a state that is not JSON. */
export function parseEntries(entries: AwarenessEntry[]): ParsedEntry[] {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return entries.map(({ client, clock, state }) => ({ client, clock, state: JSON.parse(decoder.decode(state)) as unknown }));
}

/** The entries as an awareness update, each state stamped with `user`. */
export function withIdentity(entries: ParsedEntry[], user: AccessClaims): Uint8Array {
  return awarenessUpdate(entries.map(({ client, clock, state }) => ({ client, clock, state: JSON.stringify(state === null ? null : stamp(state, user)) })));
}

function stamp(state: unknown, user: AccessClaims): Record<string, unknown> {
  const fields = typeof state === 'object' && state !== null && !Array.isArray(state) ? state : {};
  return { ...fields, user: { id: user.userId, name: user.username } };
}
