/** A message body as text: links (http/https, opened apart) and mentions (mine highlighted). Never HTML. */
import { html, nothing } from 'lit';
import { splitMessage } from '../../chat/rich-text.js';

export function messageBody(body: string, myName: string) {
  return splitMessage(body).map((piece) => {
    if (piece.kind === 'link') return html`<a href=${piece.href} target="_blank" rel="noopener noreferrer nofollow">${piece.text}</a>`;
    if (piece.kind === 'mention') return html`<span class="mention" data-me=${piece.username.toLowerCase() === myName.toLowerCase() ? 'true' : nothing}>${piece.text}</span>`;
    return piece.text;
  });
}
