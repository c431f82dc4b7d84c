/**
 * A message body rendered from its tree (`chat/rich-text.ts`) as elements, never as HTML: links
 * (http/https/mailto, opened apart), mentions (mine highlighted), tone indicators as chips, code (a fence naming its language highlighted). The Markdown reader is a
 * chunk of its own, fetched when the chat first shows a message: until it is here, bodies show as
 * plain text and `markdownLoaded` tells the elements to render again.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { plainText, richText, type RichNode } from '../../../chat/rich-text.js';
import { msg } from '../../../i18n/i18n.js';

type MarkdownModule = typeof import('@volley/shared/markdown');
let markdown: MarkdownModule | null = null;
let loading: Promise<MarkdownModule> | null = null;

/** Resolves once bodies can be read as Markdown (at once when they can). */
export function markdownLoaded(): Promise<MarkdownModule> {
  loading ??= import('@volley/shared/markdown').then((module) => (markdown = module));
  return loading;
}

export const markdownReady = (): boolean => markdown !== null;

/** The body's tree: Markdown once the reader is here, plain text before. */
export function bodyTree(body: string): RichNode[] {
  if (!markdown) void markdownLoaded();
  return markdown ? richText(markdown.parseMessage(body)) : plainText(body);
}

export function messageBody(body: string, myName: string): unknown {
  const me = myName.toLowerCase();
  return bodyTree(body).map((node) => renderNode(node, me));
}

function renderNode(node: RichNode, me: string): TemplateResult | string {
  const children = (nodes: RichNode[]) => nodes.map((child) => renderNode(child, me));
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'mention':
      return html`<span class="mention" data-me=${node.username.toLowerCase() === me ? 'true' : nothing}>${node.text}</span>`;
    case 'tone': {
      // The tag is shown; its meaning is the chip's title on hover and what a screen reader says instead.
      const meaning = msg(`tone.${node.tone}`);
      return html`<span class="tone" data-testid="tone" title=${meaning}><span aria-hidden="true">${node.text}</span><span class="visually-hidden">${msg('tone.label', { meaning })}</span></span>`;
    }
    case 'break':
      return html`<br />`;
    case 'code':
      return html`<code>${node.text}</code>`;
    case 'codeBlock':
      // Plain until the highlighter, a chunk of its own, defines the element (volley-code-block).
      if (node.lang) void import('../volley-code-block/volley-code-block.js');
      return html`<pre><volley-code-block .code=${node.text} language=${node.lang ?? nothing}>${node.text}</volley-code-block></pre>`;
    case 'link':
      return html`<a href=${node.href} target="_blank" rel="noopener noreferrer nofollow">${children(node.children)}</a>`;
    case 'wrap':
      return wrap(node.tag, node.start, children(node.children));
  }
}

function wrap(tag: Extract<RichNode, { kind: 'wrap' }>['tag'], start: number | undefined, inner: unknown): TemplateResult {
  switch (tag) {
    case 'p':
      return html`<p>${inner}</p>`;
    case 'blockquote':
      return html`<blockquote>${inner}</blockquote>`;
    case 'ul':
      return html`<ul>${inner}</ul>`;
    case 'ol':
      return html`<ol start=${start ?? nothing}>${inner}</ol>`;
    case 'li':
      return html`<li>${inner}</li>`;
    case 'strong':
      return html`<strong>${inner}</strong>`;
    case 'em':
      return html`<em>${inner}</em>`;
    case 's':
      return html`<s>${inner}</s>`;
  }
}
