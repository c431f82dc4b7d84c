import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: var(--volley-space-2);
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  /* Two lines: the name and the time; the last message and the marks. A row with neither (nothing
     said yet) is its name alone, centred in the same height, so rows stay aligned with no blank line. */
  a {
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 2px;
    min-height: 52px;
    padding: var(--volley-space-1) var(--volley-space-3);
    border-radius: var(--volley-radius-small);
    color: var(--volley-text);
    text-decoration: none;
  }
  .line {
    display: flex;
    align-items: center;
    gap: var(--volley-space-2);
    min-height: 20px;
  }
  .name,
  .preview {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .time,
  .preview {
    color: var(--volley-text-muted);
    font-size: 0.8125rem;
  }
  /* As the timeline's placeholder of a deleted message. */
  .preview.deleted {
    font-style: italic;
  }
  [data-unread] .name,
  [data-unread] .preview {
    font-weight: 700;
    color: var(--volley-text);
  }
  .unread,
  .mention {
    min-width: 20px;
    padding: 2px 6px;
    border-radius: 10px;
    background: var(--volley-brand-strong);
    color: var(--volley-on-brand);
    font-size: 0.75rem;
    font-weight: 700;
    text-align: center;
  }
  .mention {
    background: var(--volley-danger);
    color: var(--volley-bg);
  }
  a:hover {
    background: var(--volley-surface-raised);
  }
  [aria-current='page'] {
    background: color-mix(in srgb, var(--volley-brand) 16%, transparent);
  }
  [aria-current='page'] .name {
    color: var(--volley-brand-strong);
    font-weight: 650;
  }
  /* The muted grey is under 4.5:1 on the tinted row: its small lines take the text's colour there. */
  [aria-current='page'] .time,
  [aria-current='page'] .preview {
    color: var(--volley-text);
  }
  a:focus-visible {
    outline: none;
    box-shadow: var(--volley-focus);
  }
`;
