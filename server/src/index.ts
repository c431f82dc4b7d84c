export { startVolley, type RunningVolley } from './volley.js';
