/**
 * The highlighter's classes, GitHub's palette darkened or lightened where needed so each colour
 * keeps 4.5:1 against the code block's background (`--volley-surface`) in both themes.
 */
import { css } from 'lit';

export const styles = css`
  :host {
    display: inline;
  }
  code {
    font: inherit;
    white-space: inherit;
  }
  .hljs-keyword,
  .hljs-doctag,
  .hljs-meta .hljs-keyword,
  .hljs-template-tag,
  .hljs-template-variable,
  .hljs-type.hljs-keyword,
  .hljs-variable.language_,
  .hljs-deletion {
    color: light-dark(#b3192a, #ff7b72);
  }
  .hljs-title,
  .hljs-title.class_,
  .hljs-title.function_ {
    color: light-dark(#6639ba, #d2a8ff);
  }
  .hljs-attr,
  .hljs-attribute,
  .hljs-literal,
  .hljs-meta,
  .hljs-number,
  .hljs-operator,
  .hljs-variable,
  .hljs-selector-attr,
  .hljs-selector-class,
  .hljs-selector-id,
  .hljs-property {
    color: light-dark(#0550ae, #79c0ff);
  }
  .hljs-regexp,
  .hljs-string,
  .hljs-meta .hljs-string {
    color: light-dark(#0a3069, #a5d6ff);
  }
  .hljs-built_in,
  .hljs-symbol,
  .hljs-type,
  .hljs-params {
    color: light-dark(#953800, #ffa657);
  }
  .hljs-comment,
  .hljs-code,
  .hljs-formula {
    color: light-dark(#57606a, #9198a1);
    font-style: italic;
  }
  .hljs-name,
  .hljs-quote,
  .hljs-selector-tag,
  .hljs-selector-pseudo,
  .hljs-addition {
    color: light-dark(#116329, #7ee787);
  }
  .hljs-section {
    color: light-dark(#0550ae, #79c0ff);
    font-weight: bold;
  }
`;
