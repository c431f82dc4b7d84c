/// <reference types="node" />
/**
 * Local copies of documents in files (Node): one file per room under `dir`, a log of updates
 * (each a lib0 var-length byte array), compacted into one merged update past `COMPACT_AFTER`
 * records by writing a new file and renaming it over the old one. A bot that restarts opens its
 * rooms — its outbox included — as it left them.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { WriteChain, type DocStorage, type LocalCopy } from './storage.js';

const COMPACT_AFTER = 100;

const record = (update: Uint8Array): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
};

/** The updates in a log file; a record torn by a crash ends the read (the ones before it are whole). */
function readLog(bytes: Uint8Array): Uint8Array[] {
  const decoder = decoding.createDecoder(bytes);
  const updates: Uint8Array[] = [];
  try {
    while (decoding.hasContent(decoder)) updates.push(decoding.readVarUint8Array(decoder));
  } catch {
    // A torn last record.
  }
  return updates;
}

export class FileStorage implements DocStorage {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  open(room: string, doc: Y.Doc): LocalCopy {
    const file = join(this.dir, `${encodeURIComponent(room)}.ylog`);
    let updates: Uint8Array[] = [];
    try {
      updates = readLog(readFileSync(file));
    } catch {
      // No copy yet.
    }
    const origin = {};
    if (updates.length > 0) {
      const merged = Y.mergeUpdates(updates);
      Y.applyUpdate(doc, merged, origin);
      // Start from one record: the log never grows past a compaction's worth.
      writeFileSync(`${file}.tmp`, record(merged));
      renameSync(`${file}.tmp`, file);
    }
    let records = updates.length > 0 ? 1 : 0;
    const writes = new WriteChain();
    const whole = async () => {
      await writeFile(`${file}.tmp`, record(Y.encodeStateAsUpdate(doc)));
      await rename(`${file}.tmp`, file);
    };
    const onUpdate = (update: Uint8Array, from: unknown) => {
      if (from === origin) return;
      if (++records < COMPACT_AFTER) return void writes.push(() => appendFile(file, record(update)), whole).catch(() => undefined);
      records = 1;
      void writes.push(whole, whole).catch(() => undefined);
    };
    doc.on('update', onUpdate);
    return {
      loaded: Promise.resolve(),
      written: () => writes.written(),
      close: async () => {
        doc.off('update', onUpdate);
        await writes.settled();
      },
    };
  }
}
