import { css } from 'lit';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  pageStyles,
  css`
    main {
      max-width: 60rem;
      display: grid;
      grid-template-columns: 13rem minmax(0, 1fr);
      grid-template-areas:
        'title title'
        'sections content';
      align-items: start;
      gap: var(--volley-space-4) var(--volley-space-6);
    }
    h1 {
      grid-area: title;
    }
    nav {
      grid-area: sections;
      position: sticky;
      top: 0;
    }
    nav ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-1);
    }
    nav a {
      display: flex;
      align-items: center;
      min-height: 44px;
      padding: 0 var(--volley-space-3);
      border-radius: var(--volley-radius-small);
      color: var(--volley-text);
      font-weight: 600;
      text-decoration: none;
    }
    nav a:hover {
      background: var(--volley-surface);
    }
    nav a[aria-current='page'] {
      color: var(--volley-brand);
      background: color-mix(in srgb, var(--volley-brand) 14%, transparent);
    }
    .content {
      grid-area: content;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-6);
    }
    /* A phone: the section links wrap above the section, as chips. */
    @media (max-width: 719px) {
      main {
        grid-template-columns: minmax(0, 1fr);
        grid-template-areas:
          'title'
          'sections'
          'content';
      }
      nav {
        position: static;
      }
      nav ul {
        flex-direction: row;
        flex-wrap: wrap;
      }
      nav a {
        border: 1px solid var(--volley-border);
      }
    }
  `,
];
