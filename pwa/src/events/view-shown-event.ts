/**
 * A page's main content has painted from the device (an open conversation's newest messages, or
 * the chat page with none open): what the page and the shell fetch after it may come now, without
 * competing with it for the main thread.
 */
export class ViewShownEvent extends Event {
  static readonly type = 'volley-view-shown';
  constructor() {
    super(ViewShownEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [ViewShownEvent.type]: ViewShownEvent;
  }
}
