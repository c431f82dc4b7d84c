/** A username as the PWA shows it: a deleted account's tombstone (`deleted_…`) reads "deleted user". */
import { isTombstoneUsername } from '@volley/shared';
import { msg } from '../i18n/i18n.js';

export const shownName = (username: string): string => (isTombstoneUsername(username) ? msg('account.deletedUser') : username);
