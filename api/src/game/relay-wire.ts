/**
 * What a relaying api process and a game's host say to each other over the bus (docs/architecture.md
 * §6): `game.<id>.in` carries a relayed socket's arrival, frames, departure and liveness up to the
 * host; `game.<id>.out` carries the host's frames and closes down, each to one relayed socket.
 * Both ends are our own processes; the up messages are still parsed, as any input crossing a process.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GameClientFrame } from '@volley/shared';

export const inChannel = (gameId: string) => `game.${gameId}.in`;
export const outChannel = (gameId: string) => `game.${gameId}.out`;

/** A relayed socket's name on the wire: fixed length, so a down message needs no delimiter. */
const ID_LENGTH = 16;
export const newRelayId = (): string => randomBytes(ID_LENGTH / 2).toString('hex');

const RelayId = z.string().length(ID_LENGTH);
export const RelayUp = z.discriminatedUnion('k', [
  z.object({ k: z.literal('open'), s: RelayId, side: z.union([z.literal(0), z.literal(1)]).nullable() }),
  z.object({ k: z.literal('frame'), s: RelayId, f: GameClientFrame }),
  z.object({ k: z.literal('close'), s: RelayId }),
  /** Every RELAY_BEAT_MS from a relaying process for the sockets it still holds: a process that died stops. */
  z.object({ k: z.literal('beat'), s: z.array(RelayId).max(10_000) }),
]);
export type RelayUp = z.infer<typeof RelayUp>;

export const RELAY_BEAT_MS = 1000;
/** A relayed socket not beaten for this long is gone (its process died). */
export const RELAY_SILENCE_MS = 3500;

export const encodeUp = (message: RelayUp): Buffer => Buffer.from(JSON.stringify(message));

export function decodeUp(payload: Buffer): RelayUp | undefined {
  try {
    return RelayUp.parse(JSON.parse(payload.toString('utf8')));
  } catch {
    return undefined;
  }
}

/**
 * Down: `f` + the count of sockets (4 hex digits) + their ids + an encoded server frame (a
 * snapshot goes once to all of a relay's sockets of the game), or `c` + one socket id + `{code, reason}`.
 */
export type RelayDown = { kind: 'frame'; to: string[]; frame: Buffer } | { kind: 'close'; to: string; code: number; reason: string };

export function encodeFrameDown(to: string[], frame: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`f${to.length.toString(16).padStart(4, '0')}${to.join('')}`), frame]);
}

export function encodeCloseDown(to: string, code: number, reason: string): Buffer {
  return Buffer.from(`c${to}${JSON.stringify({ code, reason })}`);
}

export function decodeDown(payload: Buffer): RelayDown | undefined {
  const kind = payload.subarray(0, 1).toString();
  if (kind === 'f') {
    const count = Number.parseInt(payload.subarray(1, 5).toString(), 16);
    const ids = payload.subarray(5, 5 + count * ID_LENGTH).toString();
    const to = Array.from({ length: count }, (_, i) => ids.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH));
    return { kind: 'frame', to, frame: payload.subarray(5 + count * ID_LENGTH) };
  }
  if (kind !== 'c') return undefined;
  try {
    const to = payload.subarray(1, 1 + ID_LENGTH).toString();
    const { code, reason } = z.object({ code: z.number().int(), reason: z.string() }).parse(JSON.parse(payload.subarray(1 + ID_LENGTH).toString('utf8')));
    return { kind: 'close', to, code, reason };
  } catch {
    return undefined;
  }
}
