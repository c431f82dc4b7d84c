/**
 * A client's awareness update, made safe to apply. The entries (client id, clock, state JSON, as
 * y-protocols encodes them) are read without parsing the states; only those the socket owns are
 * kept (`owns`: the room decides, see Room.ownsAwareness), so echoes of other sockets' states,
 * which a stock client sends back for every change it receives, cost a varint scan and no
 * allocation. Each kept state then carries the authenticated user as `user: {id, name}` whatever
 * the client wrote there.
 */
import type { AccessClaims } from '@volley/core';
import { AWARENESS_STATE_MAX_BYTES } from '@volley/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** The state's JSON, unparsed: `null` clears the client's state. */
  state: Uint8Array;
}

export class OversizeState extends Error {}

const NULL_STATE = new TextEncoder().encode('null');
const isRemoval = (state: Uint8Array): boolean => state.length === NULL_STATE.length && state.every((byte, i) => byte === NULL_STATE[i]);

/** The entries `owns` accepts, in order. Throws on a malformed update or a state over the bound. */
export function ownEntries(update: Uint8Array, owns: (client: number, clock: number, removal: boolean) => boolean): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    // A string is written as a length-prefixed byte array: read as a view, not decoded.
    const state = decoding.readVarUint8Array(decoder);
    if (!owns(client, clock, isRemoval(state))) continue;
    if (state.length > AWARENESS_STATE_MAX_BYTES) throw new OversizeState('awareness state over the bound');
    entries.push({ client, clock, state });
  }
  return entries;
}

/** The entries as an awareness update, each state stamped with `user`. Throws on a state that is not JSON. */
export function withIdentity(entries: AwarenessEntry[], user: AccessClaims): Uint8Array {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { client, clock, state } of entries) {
    const parsed: unknown = JSON.parse(decoder.decode(state));
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(parsed === null ? null : stamp(parsed, user)));
  }
  return encoding.toUint8Array(encoder);
}

function stamp(state: unknown, user: AccessClaims): Record<string, unknown> {
  const fields = typeof state === 'object' && state !== null && !Array.isArray(state) ? state : {};
  return { ...fields, user: { id: user.userId, name: user.username } };
}
