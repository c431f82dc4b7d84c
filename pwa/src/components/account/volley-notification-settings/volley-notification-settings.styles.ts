import { css } from 'lit';
import { buttonStyles, choiceStyles } from '../../../styles/shared.styles.js';

export const styles = [
  buttonStyles,
  choiceStyles,
  css`
    h2 {
      font-size: 1rem;
      margin: 0 0 var(--volley-space-2);
    }
    fieldset {
      border: none;
      padding: 0;
      margin: 0 0 var(--volley-space-3);
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-1);
    }
    legend {
      font-weight: 600;
      margin-bottom: var(--volley-space-1);
    }
    /* Each choice a row of 24 px at least, so that no two boxes are closer than a finger's
       minimum (WCAG 2.5.8). */
    label {
      display: flex;
      gap: var(--volley-space-2);
      align-items: center;
      min-height: 24px;
    }
    .device {
      display: flex;
      flex-wrap: wrap;
      gap: var(--volley-space-2);
      align-items: center;
      margin-bottom: var(--volley-space-3);
    }
    .note {
      color: var(--volley-text-muted);
      font-size: 0.85rem;
      margin: 0;
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0;
      display: flex;
      flex-direction: column;
      gap: var(--volley-space-1);
    }
    /* The name takes the room left; the level and Reset keep together at the end, both under the name where it is short of room. */
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--volley-space-2);
    }
    li a {
      flex: 1;
      min-width: 8rem;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .actions {
      display: flex;
      gap: var(--volley-space-2);
      margin-inline-start: auto;
    }
  `,
];
