/**
 * A click on a push focused this window: the service worker asks it to go there (src/sw.ts). Apart
 * from web-push.ts, which only the notification settings and signing out need, so that the app's
 * first load does not carry the subscription's code.
 */
export function followPushClicks(navigate: (path: string) => void): void {
  navigator.serviceWorker?.addEventListener('message', (event: MessageEvent<{ type?: string; url?: string }>) => {
    if (event.data?.type !== 'NAVIGATE' || typeof event.data.url !== 'string') return;
    const url = new URL(event.data.url, location.origin);
    if (url.origin === location.origin) navigate(`${url.pathname}${url.search}${url.hash}`);
  });
}
