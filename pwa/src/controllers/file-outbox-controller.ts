/**
 * My messages waiting for their files (the client library's file outbox, kept in IndexedDB): what
 * a timeline shows after the op queue's, and the files my sent messages went without. Re-renders the host whenever one changes (a file uploaded,
 * refused or cancelled; a message handed over to the op queue).
 */
import type { FileOutbox, OutgoingMessage, RefusedFiles, VolleyClient } from '@volley/client';
import type { ReactiveControllerHost } from 'lit';
import { ChangingSourceController } from './changing-source-controller.js';

type Read = { entries: ReadonlyMap<string, OutgoingMessage>; refused: ReadonlyMap<string, RefusedFiles> };

export class FileOutboxController extends ChangingSourceController<FileOutbox, Read> {
  constructor(host: ReactiveControllerHost, volley: () => VolleyClient | undefined) {
    super(
      host,
      () => {
        const client = volley();
        return client?.user ? client.files() : null;
      },
      (files) => ({ entries: files?.entries() ?? new Map(), refused: files?.refused() ?? new Map() }),
    );
  }

  /** The outbox, once someone is signed in. */
  get files(): FileOutbox | null {
    return this.source;
  }

  entries(): ReadonlyMap<string, OutgoingMessage> {
    return this.current.entries;
  }

  /** My sent messages' refused files, by message id. */
  refused(): ReadonlyMap<string, RefusedFiles> {
    return this.current.refused;
  }
}
