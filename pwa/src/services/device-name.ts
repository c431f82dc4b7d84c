/** A session's device as a person says it, "Chrome on Linux", from its user agent (read by bowser, a maintained parser). */
import Bowser from 'bowser';
import { msg } from '../i18n/i18n.js';

export function deviceName(userAgent: string): string {
  if (!userAgent) return msg('sessions.unknownDevice');
  const { browser, os } = Bowser.parse(userAgent);
  if (browser.name && os.name) return msg('sessions.device', { browser: browser.name, os: os.name });
  return browser.name || os.name || msg('sessions.unknownDevice');
}
