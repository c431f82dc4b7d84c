/**
 * The end of a game: the outcome as a heading, the details (score, ratings) as lines, and the
 * next steps (Rematch, Play again) slotted in as buttons.
 */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import courtImage from '../../../game/media/court.svg';

@customElement('volley-game-result')
export class VolleyGameResult extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    section {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: var(--volley-space-2) var(--volley-space-4);
      align-items: center;
      padding: var(--volley-space-4);
      border-radius: var(--volley-radius);
      background: var(--volley-surface);
      border: 1px solid var(--volley-border);
    }
    img {
      width: 96px;
      grid-row: span 3;
    }
    h2 {
      margin: 0;
      font-size: 1.375rem;
    }
    h2:focus {
      outline: none;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      color: var(--volley-text-muted);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--volley-space-2);
      align-items: center;
    }
    @media (max-width: 480px) {
      img {
        display: none;
      }
      section {
        grid-template-columns: 1fr;
      }
    }
  `;

  @property() heading = '';
  @property({ attribute: false }) lines: string[] = [];

  protected override render() {
    return html`<section aria-labelledby="result-heading" data-testid="game-result">
      <img src=${courtImage} alt="" />
      <h2 id="result-heading" tabindex="-1">${this.heading}</h2>
      <ul>
        ${this.lines.map((line) => html`<li>${line}</li>`)}
      </ul>
      <div class="actions"><slot></slot></div>
    </section>`;
  }

  /** Moves focus to the outcome, so a screen reader hears it and Tab reaches the buttons next. */
  override focus(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector('h2')?.focus());
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-game-result': VolleyGameResult;
  }
}
