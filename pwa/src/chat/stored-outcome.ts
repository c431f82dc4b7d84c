/**
 * What I am told when what I did could not be kept in local storage (its quota spent), so it did
 * not happen: the composer keeps the text it could not send; a message tells of the change of mine
 * on it that was not made. Out of the first load with its messages (a failed local write is rare):
 * it comes with the later messages, which the composer needs anyway.
 */
import type { PendingOp } from '@volley/client';
import type { MessageAction } from '../events/message-action-event.js';
import { msg } from '../i18n/i18n.js';
import type { ComposerResult } from './commands.js';

/** Done once the op (or file message) is in local storage; otherwise why, the text left in the composer. */
export const storedOutcome = (pending: PendingOp | undefined): Promise<ComposerResult> =>
  (pending?.stored ?? Promise.resolve()).then(
    (): ComposerResult => ({ ok: true }),
    (): ComposerResult => ({ ok: false, error: msg('error.localWrite') }),
  );

/** Why a change of mine on a message (an edit, a delete, a reaction, a pin) did not happen. */
export const unsavedText = ({ action }: MessageAction): string => msg(`unsaved.${action as 'edit' | 'delete' | 'react' | 'pin'}`);
