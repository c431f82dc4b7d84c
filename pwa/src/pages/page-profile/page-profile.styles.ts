import { css } from 'lit';
import { listStyles } from '../../styles/list.styles.js';
import { pageStyles } from '../../styles/page.styles.js';
import { buttonStyles } from '../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  listStyles,
  pageStyles,
  css`
    .identity {
      display: flex;
      align-items: center;
      gap: var(--volley-space-4);
      min-width: 0;
    }
    .identity volley-avatar {
      --size: 88px;
    }
    .identity div {
      min-width: 0;
    }
    h1 {
      overflow-wrap: anywhere;
    }
    .username {
      margin: var(--volley-space-1) 0 0;
      color: var(--volley-text-muted);
      display: flex;
      align-items: center;
      gap: var(--volley-space-2);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--volley-space-2);
    }
    .settings ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: var(--volley-space-2);
    }
    .settings li + li {
      border-top: none;
    }
    .settings .button {
      min-height: 44px;
    }
    .bio {
      margin: 0;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
  `,
];
