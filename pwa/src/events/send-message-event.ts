/** The composer asks to send `body` to the conversation it belongs to. */
export class SendMessageEvent extends Event {
  static readonly type = 'volley-send-message';
  constructor(readonly body: string) {
    super(SendMessageEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [SendMessageEvent.type]: SendMessageEvent;
  }
}
