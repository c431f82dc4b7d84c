/**
 * Something I do on one message: reply, edit, delete, react, pin, jump to the message it quotes, mark
 * the conversation unread from it, report it to the site's moderators; or, on
 * one of my refused ops (`id` is the op id then), send it again or drop it; or challenge an author
 * to Pong from their card (an invitation in this conversation). Who makes the op answers on the
 * event whether this device kept it (`stored`), so that where I acted can tell me when it did not.
 */
export type MessageAction =
  | { action: 'retry' | 'discard' | 'restore' | 'reply' | 'delete' | 'report'; id: string }
  | { action: 'edit'; id: string; body: string }
  | { action: 'react'; id: string; emoji: string; on: boolean }
  | { action: 'pin'; id: string; on: boolean }
  | { action: 'jump' | 'unread'; id: string; seq: number }
  | { action: 'challenge'; userId: string };

export class MessageActionEvent extends Event {
  static readonly type = 'volley-message-action';
  #made: (stored: Promise<void>) => void = () => undefined;
  /**
   * Whether the op the action made (an edit, a delete, a reaction, a pin) is kept on this device, as
   * its maker tells (`made`): rejects when it could not be written, and then it did not happen.
   */
  readonly stored = new Promise<void>((resolve) => (this.#made = resolve));

  constructor(readonly act: MessageAction) {
    super(MessageActionEvent.type, { bubbles: true, composed: true });
    this.stored.catch(() => undefined);
  }

  /** Told by who made the op: its `PendingOp.stored`. */
  made(stored: Promise<void>): void {
    this.#made(stored);
  }
}

declare global {
  interface HTMLElementEventMap {
    [MessageActionEvent.type]: MessageActionEvent;
  }
}
