import { css } from 'lit';

/** An entry of the notifications centre as a list item (`entryItem`), wherever the list is shown. */
export const notificationEntryStyles = css`
  ul {
    list-style: none;
    margin: 0;
  }
  li button {
    width: 100%;
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 2px;
    background: transparent;
    color: var(--volley-text);
    font-weight: 400;
    white-space: normal;
    text-align: start;
  }
  li button[data-unread] {
    font-weight: 650;
    border-inline-start: 3px solid var(--volley-brand);
  }
  time {
    color: var(--volley-text-muted);
    font-size: 0.75rem;
  }
`;
