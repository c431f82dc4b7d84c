/**
 * A client's awareness update, made safe to apply: each state carries the authenticated user as
 * `user: {id, name}` whatever the client wrote there, and a socket cannot set or clear the state
 * of an awareness client that another socket of the room controls.
 */
import type { AccessClaims } from '@volley/core';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** Throws on a malformed update. */
export function withIdentity(update: Uint8Array, user: AccessClaims, mayControl: (client: number) => boolean): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: [client: number, clock: number, state: string][] = [];
  for (let count = decoding.readVarUint(decoder); count > 0; count--) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state: unknown = JSON.parse(decoding.readVarString(decoder));
    if (!mayControl(client)) continue;
    entries.push([client, clock, JSON.stringify(state === null ? null : stamp(state, user))]);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock, state] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

function stamp(state: unknown, user: AccessClaims): Record<string, unknown> {
  const fields = typeof state === 'object' && state !== null && !Array.isArray(state) ? state : {};
  return { ...fields, user: { id: user.userId, name: user.username } };
}
