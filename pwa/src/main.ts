/**
 * The app starts in steps, each a task of its own. The chat page's frame (index.html) has painted
 * before this runs; evaluated at once, the libraries and the shell were one task of several hundred
 * milliseconds on a slow phone, during which the page answered no input. The libraries the shell
 * builds on are each evaluated in a task of their own, then the shell's code, then its element is
 * made (its services, its first render); the service worker is registered once the page has
 * loaded, its precaching behind the page's own requests. (No top-level await here: it would turn
 * off the bundler's merging of chunks.)
 */
import { followKeyboard } from './app/keyboard-height.js';
import { nextTask } from './app/next-task.js';

// Each names what it uses of the library, so that the bundler keeps only that (and what the app imports).
const libraries = [
  () => import('lit').then(({ LitElement }) => LitElement),
  () => import('dexie').then(({ Dexie }) => Dexie),
];

async function start(): Promise<void> {
  for (const library of libraries) {
    await library();
    await nextTask();
  }
  await import('./app/volley-app.js');
  await nextTask();
  // Under the frame, which lies over it until the first page renders (app/volley-app.ts).
  const app = document.body.insertBefore(document.createElement('volley-app'), document.getElementById('app-shell'));
  // The service worker is built by `vite build` only; in `vite dev` there is none to register.
  if (!import.meta.env.PROD) return;
  if (document.readyState === 'complete') app.appUpdate.register();
  else addEventListener('load', () => app.appUpdate.register(), { once: true });
}

followKeyboard();
void start();
