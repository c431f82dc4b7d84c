/**
 * highlight.js with the languages people paste most, registered once; what it makes read back as
 * nodes: only its `<span class="hljs-…">` and text, so that nothing but the code's own text, escaped
 * by the highlighter, reaches the page.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import go from 'highlight.js/lib/languages/go';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

for (const [name, language] of Object.entries({ bash, css, diff, go, javascript, json, python, rust, sql, typescript, xml, yaml })) hljs.registerLanguage(name, language);

/** The code as highlighted nodes, or null for a language not registered here. */
export function highlighted(code: string, lang: string): Node[] | null {
  if (!hljs.getLanguage(lang)) return null;
  const template = document.createElement('template');
  template.innerHTML = hljs.highlight(code, { language: lang, ignoreIllegals: true }).value;
  return [...template.content.childNodes].map(kept);
}

function kept(node: Node): Node {
  if (!(node instanceof HTMLSpanElement)) return document.createTextNode(node.textContent ?? '');
  const span = document.createElement('span');
  const classes = [...node.classList].filter((c) => /^hljs-[\w-]+$/.test(c) || /^[\w-]+_$/.test(c));
  if (classes.length > 0) span.className = classes.join(' ');
  span.append(...[...node.childNodes].map(kept));
  return span;
}
