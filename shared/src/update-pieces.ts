/**
 * A Yjs update cut into updates of at most a given size, which applied one after the other (in
 * any order, Yjs waiting for what an item depends on) give the same document as the whole. A
 * segment of long messages or a full user document is several MiB, one frame of which a client's
 * WebSocket library may refuse (Python's `websockets` closes at 1 MiB by default): the server
 * sends no frame over SYNC_FRAME_MAX_BYTES (docs/protocol.md, "Frames of at most 1 MiB").
 *
 * How: the update's structs (`Y.decodeUpdate`) are written again in pieces. A struct too large
 * for one piece (consecutive messages appended by one writer merge into one item) is sliced as
 * Yjs itself splits an item: the right part's origin is the left part's last id, its right origin
 * and content the rest of the item's. Pieces of one client follow each other by clock, so a piece
 * run is written as Yjs writes a client's structs (count, client, first clock, structs). The
 * deletions (the update's delete set) go last, in a piece of their own.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = Y.Item | Y.GC | Y.Skip;

interface Piece {
  client: number;
  clock: number;
  length: number;
  bytes: Uint8Array;
}

/** Room left in a piece for its header: struct runs (count, client, clock) and the empty delete set. */
const HEADER_BYTES = 64;

function encodeStruct(struct: Struct): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  struct.write(encoder, 0);
  return encoder.toUint8Array();
}

/** Units [from, to) of a struct, as a struct of its own (Yjs's own splitItem, on a copy). */
function slice(struct: Struct, from: number, to: number): Struct {
  const { client, clock } = struct.id;
  const id = Y.createID(client, clock + from);
  if (!(struct instanceof Y.Item)) return new (struct.constructor as typeof Y.GC)(id, to - from);
  let content = struct.content.copy();
  if (from > 0) content = content.splice(from);
  if (to - from < content.getLength()) content.splice(to - from);
  const origin = from > 0 ? Y.createID(client, clock + from - 1) : struct.origin;
  return new Y.Item(id, null, origin, null, struct.rightOrigin, struct.parent, struct.parentSub, content);
}

/** Where to cut a struct near `at`: never between the two halves of a surrogate pair (Yjs would make both U+FFFD). */
function cutAt(struct: Struct, at: number): number {
  if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) return at;
  const code = struct.content.str.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at + 1 : at;
}

/** The struct in pieces of at most `limit` bytes (a single unit larger than that stays whole). */
function piecesOf(struct: Struct, limit: number, out: Piece[]): void {
  const bytes = encodeStruct(struct);
  if (bytes.byteLength <= limit || struct.length === 1) {
    out.push({ client: struct.id.client, clock: struct.id.clock, length: struct.length, bytes });
    return;
  }
  // Aim at half the limit: parts of uneven units (long and short messages) then rarely need cutting again.
  const step = Math.max(1, Math.floor(struct.length / Math.ceil((2 * bytes.byteLength) / limit)));
  for (let from = 0; from < struct.length; ) {
    const to = Math.min(struct.length, cutAt(struct, from + step));
    piecesOf(slice(struct, from, to), limit, out);
    from = to;
  }
}

function encodePieces(pieces: Piece[]): Uint8Array {
  const runs: Piece[][] = [];
  for (const piece of pieces) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && last.client === piece.client && last.clock + last.length === piece.clock) run.push(piece);
    else runs.push([piece]);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, runs.length);
  for (const run of runs) {
    encoding.writeVarUint(encoder, run.length);
    encoding.writeVarUint(encoder, run[0]!.client);
    encoding.writeVarUint(encoder, run[0]!.clock);
    for (const { bytes } of run) encoding.writeUint8Array(encoder, bytes);
  }
  // No deletions: they come in the last piece.
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}

/**
 * The update as updates of at most `maxBytes` each (the update itself when it fits). Only a single
 * struct unit over `maxBytes` (one message element, one map value) would make a piece larger.
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update];
  const limit = maxBytes - HEADER_BYTES;
  const pieces: Piece[] = [];
  for (const struct of Y.decodeUpdate(update).structs) if (!(struct instanceof Y.Skip)) piecesOf(struct, limit, pieces);
  const updates: Uint8Array[] = [];
  let batch: Piece[] = [];
  let bytes = 0;
  /** Per client in the batch, the clock its run has reached: an update holds one run per client. */
  const reached = new Map<number, number>();
  for (const piece of pieces) {
    const run = reached.get(piece.client);
    if (batch.length > 0 && (bytes + piece.bytes.byteLength > limit || (run !== undefined && run !== piece.clock))) {
      updates.push(encodePieces(batch));
      batch = [];
      bytes = 0;
      reached.clear();
    }
    batch.push(piece);
    bytes += piece.bytes.byteLength;
    reached.set(piece.client, piece.clock + piece.length);
  }
  if (batch.length > 0) updates.push(encodePieces(batch));
  // The delete set alone: the update diffed against every struct it holds.
  const deletions = Y.diffUpdate(update, Y.encodeStateVectorFromUpdate(update));
  if (Y.decodeUpdate(deletions).ds.clients.size > 0) updates.push(deletions);
  return updates;
}
