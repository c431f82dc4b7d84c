/**
 * A code block whose fence names its language, highlighted. The highlighter is this chunk, fetched
 * when a message shows such a block (message-body.ts), never in the first load; until then, and
 * for a language it does not know, the code shows as plain text. Colours are classes
 * (the content security policy refuses inline styles), in both themes.
 */
import { LitElement, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { highlighted } from './highlighter.js';
import { styles } from './volley-code-block.styles.js';

@customElement('volley-code-block')
export class VolleyCodeBlock extends LitElement {
  static override styles = styles;

  @property({ attribute: false }) code = '';
  @property() language = '';

  protected override render() {
    const nodes = this.language ? highlighted(this.code, this.language) : null;
    return html`<code class="hljs" data-testid="code-block" data-language=${this.language} ?data-highlighted=${nodes !== null}>${nodes ?? this.code}</code>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'volley-code-block': VolleyCodeBlock;
  }
}
