/**
 * What the composer is told once the op (or file message) it made is in local storage, or why not:
 * the text stays in the composer, as nothing was sent. Out of the first load with its message (a
 * failed local write is rare): it comes with the later messages, which the composer needs anyway.
 */
import type { PendingOp } from '@volley/client';
import { msg } from '../i18n/i18n.js';
import type { ComposerResult } from './commands.js';

export const storedOutcome = (pending: PendingOp | undefined): Promise<ComposerResult> =>
  (pending?.stored ?? Promise.resolve()).then(
    (): ComposerResult => ({ ok: true }),
    (): ComposerResult => ({ ok: false, error: msg('error.localWrite') }),
  );
