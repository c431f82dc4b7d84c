/**
 * Something I do on one message: reply, edit, delete, react, pin, jump to the message it quotes; or, on
 * one of my refused ops (`id` is the op id then), send it again or drop it; or challenge an author
 * to Pong from their card (an invitation in this conversation).
 */
export type MessageAction =
  | { action: 'retry' | 'discard' | 'restore' | 'reply' | 'delete'; id: string }
  | { action: 'edit'; id: string; body: string }
  | { action: 'react'; id: string; emoji: string; on: boolean }
  | { action: 'pin'; id: string; on: boolean }
  | { action: 'jump'; id: string; seq: number }
  | { action: 'challenge'; userId: string };

export class MessageActionEvent extends Event {
  static readonly type = 'volley-message-action';
  constructor(readonly act: MessageAction) {
    super(MessageActionEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [MessageActionEvent.type]: MessageActionEvent;
  }
}
