/** A rejected message's author asks to send it again (under a new op id) or to drop it. */
export class MessageActionEvent extends Event {
  static readonly type = 'volley-message-action';
  constructor(
    readonly action: 'retry' | 'discard',
    readonly id: string,
  ) {
    super(MessageActionEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [MessageActionEvent.type]: MessageActionEvent;
  }
}
