/** The app's icons: 24 px outline SVGs, coloured by `currentColor`, hidden from screen readers. */
import { svg, html, type TemplateResult } from 'lit';

const icon = (paths: TemplateResult<2>): TemplateResult =>
  html`<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;

export const icons = {
  chat: icon(svg`<path d="M4 5h16v11H9l-5 4z" />`),
  people: icon(svg`<circle cx="9" cy="8" r="3.5" /><path d="M2.5 20c.8-3.6 3.4-5.5 6.5-5.5s5.7 1.9 6.5 5.5" /><path d="M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.8c1.6.8 2.6 2.5 3 5.2" />`),
  channels: icon(svg`<path d="M9 3 7 21M17 3l-2 18M4 8.5h17M3 15.5h17" />`),
  /** Two paddles and a ball. */
  play: icon(svg`<path d="M4 6v8M20 10v8" /><circle cx="12" cy="12" r="2" />`),
  bell: icon(svg`<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" /><path d="M10 20.5a2 2 0 0 0 4 0" />`),
  profile: icon(svg`<circle cx="12" cy="8" r="4" /><path d="M4 21c1-4.4 4-6.5 8-6.5s7 2.1 8 6.5" />`),
  /** Back to the list, on a phone. */
  back: icon(svg`<path d="M15 5l-7 7 7 7" />`),
  /** A bell struck through: a muted conversation. */
  bellOff: icon(svg`<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z" /><path d="M10 20.5a2 2 0 0 0 4 0M3 3l18 18" />`),
  /** Three dots: more actions. */
  more: icon(svg`<circle cx="5" cy="12" r="1.4" /><circle cx="12" cy="12" r="1.4" /><circle cx="19" cy="12" r="1.4" />`),
  /** A paper clip: a conversation's files. */
  files: icon(svg`<path d="M20 11.5l-7.8 7.8a5 5 0 0 1-7.1-7.1l8.1-8.1a3.4 3.4 0 0 1 4.8 4.8l-8.1 8.1a1.7 1.7 0 0 1-2.4-2.4l7.4-7.4" />`),
  search: icon(svg`<circle cx="10.5" cy="10.5" r="6" /><path d="M15 15l5.5 5.5" />`),
  /** A pin: a conversation's pinned messages. */
  pin: icon(svg`<path d="M9 3h6l-1 6 4 4H6l4-4zM12 13v8" />`),
  /** A padlock: end-to-end encryption. */
  lock: icon(svg`<rect x="5" y="11" width="14" height="10" rx="2" /><path d="M8 11V7a4 4 0 0 1 8 0v4" />`),
};
