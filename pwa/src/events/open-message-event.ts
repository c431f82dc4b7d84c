/** Open a conversation at one message (a search result): the chat page navigates and jumps to it. */
export class OpenMessageEvent extends Event {
  static readonly type = 'volley-open-message';
  constructor(
    readonly convId: string,
    readonly message: { id: string; seq: number; segment?: number },
  ) {
    super(OpenMessageEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [OpenMessageEvent.type]: OpenMessageEvent;
  }
}
