/**
 * Registers the service worker (workbox-window, loaded then: out of the first load) and reports
 * when a new version is waiting. `apply` lets the waiting worker take over and reloads once it
 * controls the page.
 */
import type { Workbox } from 'workbox-window';
import { Listeners } from '@volley/client';

const CHECK_EVERY_MS = 60 * 60 * 1000;

export class AppUpdate {
  waiting = false;
  readonly changed = new Listeners<[boolean]>();
  #workbox: Workbox | null = null;

  register(url = '/sw.js'): void {
    if (!('serviceWorker' in navigator)) return;
    void import('workbox-window').then(({ Workbox }) => this.#register(new Workbox(url, { scope: '/' })));
  }

  #register(workbox: Workbox): void {
    workbox.addEventListener('waiting', () => {
      this.waiting = true;
      this.changed.emit(true);
    });
    this.#workbox = workbox;
    void workbox.register().then(() => {
      void navigator.serviceWorker.ready.then((registration) => {
        // A full load made while the first worker was installing is left uncontrolled by its
        // claim, and would not find its lazily loaded parts offline: ask the worker to take it.
        if (!navigator.serviceWorker.controller) registration.active?.postMessage({ type: 'CLAIM' });
      });
      setInterval(() => void workbox.update(), CHECK_EVERY_MS);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void workbox.update();
      });
    });
  }

  apply(): void {
    const workbox = this.#workbox;
    if (!workbox) return location.reload();
    workbox.addEventListener('controlling', () => location.reload());
    workbox.messageSkipWaiting();
  }
}
