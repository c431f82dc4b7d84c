/** The server closed a conversation's socket for good (4403: kicked, banned, or no longer a member). */
export class ConversationClosedEvent extends Event {
  static readonly type = 'volley-conversation-closed';
  constructor(readonly convId: string) {
    super(ConversationClosedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [ConversationClosedEvent.type]: ConversationClosedEvent;
  }
}
