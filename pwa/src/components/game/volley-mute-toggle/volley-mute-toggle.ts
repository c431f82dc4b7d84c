/** The game's Mute button (a toggle, remembered on this device by `GameSounds`). */
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { GameSounds } from '../../../game/game-sounds.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { buttonStyles } from '../../../styles/shared.styles.js';

@customElement('volley-mute-toggle')
export class VolleyMuteToggle extends LitElement {
  static override styles = [
    buttonStyles,
    css`
      svg {
        fill: none;
        stroke: currentColor;
        stroke-width: 2;
        stroke-linecap: round;
        stroke-linejoin: round;
      }
    `,
  ];

  @property({ attribute: false }) sounds?: GameSounds;
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    const muted = this.sounds?.muted ?? false;
    return html`<button type="button" class="secondary small" aria-pressed=${muted ? 'true' : 'false'} @click=${this.#toggle}>
      ${muted ? icons.off : icons.on}${msg('game.mute')}
    </button>`;
  }

  #toggle(): void {
    this.sounds?.toggleMuted();
    this.requestUpdate();
  }
}

const speaker = svg`<path d="M3 9h4l5-4v14l-5-4H3z" />`;
const icons = {
  on: html`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">${speaker}<path d="M16 8.5a5 5 0 0 1 0 7M19 6a8.5 8.5 0 0 1 0 12" /></svg>`,
  off: html`<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">${speaker}<path d="M16 9l6 6M22 9l-6 6" /></svg>`,
};

declare global {
  interface HTMLElementTagNameMap {
    'volley-mute-toggle': VolleyMuteToggle;
  }
}
