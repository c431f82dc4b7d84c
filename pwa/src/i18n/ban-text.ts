/** What a ban says to the banned: from where, until when (or for good), and why when the moderator wrote it. */
import { getLocale, msg } from './i18n.js';

export interface BanFacts {
  /** ISO 8601; absent: for good. */
  until?: string;
  reason?: string;
}

export function banText(scope: 'site' | 'channel', ban: BanFacts): string {
  const until = ban.until ? new Intl.DateTimeFormat(getLocale(), { dateStyle: 'long', timeStyle: 'short' }).format(new Date(ban.until)) : null;
  const where = scope === 'site' ? 'site' : 'channel';
  const main = until ? msg(`ban.${where}Until`, { until }) : msg(`ban.${where}ForGood`);
  return ban.reason ? `${main} ${msg('ban.reason', { reason: ban.reason })}` : main;
}
