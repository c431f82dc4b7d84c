import { describe, expect, it } from 'vitest';
import { setLocale } from '../i18n/i18n.js';
import { deviceName } from './device-name.js';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('a session’s device', () => {
  it('reads as a browser on a system, in the user’s language, never as a raw user agent', async () => {
    expect(deviceName(CHROME_LINUX)).toBe('Chrome on Linux');
    expect(deviceName(SAFARI_IPHONE)).toBe('Safari on iOS');
    await setLocale('fr');
    try {
      expect(deviceName(CHROME_LINUX)).toBe('Chrome sur Linux');
      expect(deviceName('')).toBe('Appareil inconnu');
    } finally {
      await setLocale('en');
    }
  });
});
