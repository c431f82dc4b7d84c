import { followKeyboard } from './app/keyboard-height.js';
import './app/volley-app.js';

followKeyboard();

const app = document.querySelector('volley-app');
// The service worker is built by `vite build` only; in `vite dev` there is none to register.
if (app && import.meta.env.PROD) app.appUpdate.register();
