/** Whether the newcomer closed the welcome on this device, kept apart from the card so the chat page can ask before fetching it. */
const DISMISSED = 'volley.welcome-dismissed';

export const welcomeDismissed = (): boolean => globalThis.localStorage?.getItem(DISMISSED) === '1';

export const dismissWelcome = (): void => globalThis.localStorage?.setItem(DISMISSED, '1');
