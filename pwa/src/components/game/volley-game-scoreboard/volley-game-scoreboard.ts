/** The two players (left and right, as on the court) and the score between them. */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';

export interface ScoreboardPlayer {
  name: string;
  /** A second line: the rating, "(you)". */
  detail?: string;
  mine?: boolean;
}

@customElement('volley-game-scoreboard')
export class VolleyGameScoreboard extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 1fr auto 1fr;
      align-items: center;
      gap: var(--volley-space-3);
    }
    .player {
      min-width: 0;
      display: flex;
      flex-direction: column;
    }
    .player.right {
      text-align: end;
    }
    .name {
      font-weight: 700;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .mine .name {
      color: var(--volley-brand);
    }
    .detail {
      font-size: 0.8125rem;
      color: var(--volley-text-muted);
    }
    .score {
      font-family: var(--volley-font-mono);
      font-size: 1.75rem;
      font-weight: 700;
      font-variant-numeric: tabular-nums;
    }
  `;

  @property({ attribute: false }) players: [ScoreboardPlayer, ScoreboardPlayer] = [{ name: '' }, { name: '' }];
  @property({ attribute: false }) score: [number, number] = [0, 0];
  /** The accessible name of the score ("Score"). */
  @property() label = '';

  protected override render() {
    const [left, right] = this.players;
    return html`${this.#player(left, 'left')}
      <div class="score" role="status" aria-label=${this.label} data-testid="score" data-left=${this.score[0]} data-right=${this.score[1]}>${this.score[0]} – ${this.score[1]}</div>
      ${this.#player(right, 'right')}`;
  }

  #player(player: ScoreboardPlayer, side: 'left' | 'right') {
    return html`<div class="player ${side} ${player.mine ? 'mine' : ''}">
      <span class="name">${player.name}</span>${player.detail ? html`<span class="detail">${player.detail}</span>` : nothing}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-game-scoreboard': VolleyGameScoreboard;
  }
}
