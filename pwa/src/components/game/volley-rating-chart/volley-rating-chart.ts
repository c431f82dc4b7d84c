/**
 * A player's rating over their games: an inline SVG line (no chart library) with the lowest and
 * highest rating marked. For screen readers it is an image with a title and a description that
 * says the same in words.
 */
import type { GameStats } from '@volley/shared';
import { LitElement, css, html, nothing, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { msg, type Locale } from '../../../i18n/i18n.js';
import { scaleRatings } from './chart-scale.js';

const BOX = { width: 320, height: 120, pad: 8 };

@customElement('volley-rating-chart')
export class VolleyRatingChart extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      padding-inline-start: 2.5rem;
    }
    svg {
      display: block;
      width: 100%;
      height: 8rem;
      overflow: visible;
    }
    .line {
      fill: none;
      stroke: var(--volley-brand);
      stroke-width: 2;
      vector-effect: non-scaling-stroke;
    }
    .grid {
      stroke: var(--volley-border);
      stroke-width: 1;
      vector-effect: non-scaling-stroke;
    }
    /* A single game: a zero-length line with round caps, which stays round when the chart stretches. */
    .dot {
      stroke: var(--volley-brand);
      stroke-width: 8;
      stroke-linecap: round;
      vector-effect: non-scaling-stroke;
    }
    .scale {
      position: absolute;
      inset-inline-start: 0;
      font-size: 0.75rem;
      color: var(--volley-text-muted);
      font-variant-numeric: tabular-nums;
    }
    /* Classes rather than style attributes: the CSP allows no inline style. */
    .scale.top {
      top: 0;
    }
    .scale.bottom {
      bottom: 0;
    }
  `;

  @property({ attribute: false }) history: GameStats['ratingHistory'] = [];
  /** From the parent: a change of locale renders the element again (its text is `msg`'s). */
  @property({ attribute: false }) locale?: Locale;

  protected override render() {
    const ratings = this.history.map((p) => p.rating);
    if (ratings.length === 0) return nothing;
    const { points, min, max } = scaleRatings(ratings, BOX);
    const top = BOX.pad;
    const bottom = BOX.height - BOX.pad;
    const description = msg('stats.chartDescription', { first: ratings[0]!, last: ratings.at(-1)!, min: Math.min(...ratings), max: Math.max(...ratings) });
    return html`<svg viewBox="0 0 ${BOX.width} ${BOX.height}" role="img" aria-labelledby="chart-title chart-desc" data-testid="rating-chart" preserveAspectRatio="none">
        <title id="chart-title">${msg('stats.chartTitle', { count: ratings.length })}</title>
        <desc id="chart-desc">${description}</desc>
        ${svg`<line class="grid" x1="0" x2=${BOX.width} y1=${top} y2=${top}></line>
          <line class="grid" x1="0" x2=${BOX.width} y1=${bottom} y2=${bottom}></line>
          <polyline class="line" points=${points.map(([x, y]) => `${x},${y}`).join(' ')}></polyline>
          ${points.length === 1 ? svg`<polyline class="dot" points="${points[0]![0]},${points[0]![1]} ${points[0]![0]},${points[0]![1]}"></polyline>` : nothing}`}
      </svg>
      <span class="scale top" aria-hidden="true">${max}</span>
      <span class="scale bottom" aria-hidden="true">${min}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-rating-chart': VolleyRatingChart;
  }
}
