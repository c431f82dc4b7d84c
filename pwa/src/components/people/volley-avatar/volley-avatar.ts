/** A user's picture, or their initial on a coloured disc when they have none. Decorative: the name is always shown beside it. */
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';

@customElement('volley-avatar')
export class VolleyAvatar extends LitElement {
  static override styles = css`
    :host {
      --size: 40px;
      display: inline-flex;
      flex: none;
      width: var(--size);
      height: var(--size);
      border-radius: 50%;
      overflow: hidden;
      background: color-mix(in srgb, var(--volley-brand) 22%, var(--volley-surface));
      color: var(--volley-brand-strong);
      font-weight: 700;
      font-size: calc(var(--size) * 0.45);
      align-items: center;
      justify-content: center;
    }
    img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
  `;

  @property() name = '';
  @property() src: string | null = null;

  protected override render() {
    return this.src ? html`<img src=${this.src} alt="" />` : html`<span aria-hidden="true">${[...this.name][0]?.toUpperCase() ?? ''}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-avatar': VolleyAvatar;
  }
}
