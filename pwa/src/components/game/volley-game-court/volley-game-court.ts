/**
 * The Pong court: a canvas keeping the field's proportions at the width it is given, drawn by
 * the page's frame loop through `draw`. Dragging on it (a finger, a mouse) sets `pointerY`, where
 * the player wants the paddle, in field units. Whatever is slotted shows over the court's centre
 * (the countdown, the pause notice).
 */
import { FIELD } from '@volley/shared';
import { LitElement, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { drawCourt, type CourtColours, type CourtView } from '../../../game/court-view.js';
import { styles } from './volley-game-court.styles.js';

@customElement('volley-game-court')
export class VolleyGameCourt extends LitElement {
  static override styles = styles;

  /** The canvas's accessible name (who plays, the score). */
  @property() label = '';
  /** Where the pointer holds my paddle, in field units; null when nothing touches the court. */
  pointerY: number | null = null;
  @query('canvas') private canvas!: HTMLCanvasElement;
  #colours: CourtColours | null = null;
  readonly #resize = new ResizeObserver(() => this.#fit());

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resize.disconnect();
    this.pointerY = null;
  }

  protected override firstUpdated(): void {
    this.#resize.observe(this.canvas);
  }

  protected override render() {
    return html`<canvas
        role="img"
        aria-label=${this.label}
        @pointerdown=${this.#pointerDown}
        @pointermove=${this.#pointerMove}
        @pointerup=${this.#pointerUp}
        @pointercancel=${this.#pointerUp}
      ></canvas>
      <div class="overlay"><slot></slot></div>`;
  }

  draw(view: CourtView): void {
    const ctx = this.canvas?.getContext('2d');
    if (!ctx || this.canvas.width === 0) return;
    this.#colours ??= readColours(this);
    drawCourt(ctx, view, this.#colours);
  }

  /** The backing store follows the displayed size (and the screen's pixel density), so lines stay sharp. */
  #fit(): void {
    const { clientWidth, clientHeight } = this.canvas;
    const ratio = globalThis.devicePixelRatio || 1;
    this.canvas.width = Math.round(clientWidth * ratio);
    this.canvas.height = Math.round(clientHeight * ratio);
    this.#colours = null;
  }

  #fieldY(event: PointerEvent): number {
    const rect = this.canvas.getBoundingClientRect();
    return ((event.clientY - rect.top) / rect.height) * FIELD.height;
  }

  readonly #pointerDown = (event: PointerEvent): void => {
    this.canvas.setPointerCapture(event.pointerId);
    this.pointerY = this.#fieldY(event);
  };

  readonly #pointerMove = (event: PointerEvent): void => {
    if (this.canvas.hasPointerCapture(event.pointerId)) this.pointerY = this.#fieldY(event);
  };

  readonly #pointerUp = (): void => {
    this.pointerY = null;
  };
}

/** The theme's colours as the canvas needs them (custom properties do not reach a 2D context). */
function readColours(element: Element): CourtColours {
  const style = getComputedStyle(element);
  const value = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    court: value('--court-background', '#1e1b4b'),
    line: value('--court-line', '#4c4a8a'),
    paddle: value('--court-paddle', '#e0e7ff'),
    mine: value('--court-mine', '#5eead4'),
    ball: value('--court-ball', '#fbbf24'),
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-game-court': VolleyGameCourt;
  }
}
