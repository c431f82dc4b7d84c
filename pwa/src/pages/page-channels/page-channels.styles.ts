import { css } from 'lit';
import { listStyles } from '../../styles/list.styles.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  listStyles,
  pageStyles,
  css`
    ul {
      margin-top: var(--volley-space-3);
    }
    .channel {
      display: flex;
      align-items: center;
      gap: var(--volley-space-3);
      padding: var(--volley-space-3) 0;
    }
    .about {
      flex: 1;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 2px;
    }
    .name {
      font-weight: 650;
      overflow-wrap: anywhere;
    }
    .meta,
    .topic {
      color: var(--volley-text-muted);
      font-size: 0.875rem;
    }
    .topic {
      overflow-wrap: anywhere;
    }
  `,
];
