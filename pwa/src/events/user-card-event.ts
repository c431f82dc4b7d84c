/** Asks for someone's user card (a click on their name or avatar): the message list shows it. */
export class UserCardEvent extends Event {
  static readonly type = 'volley-user-card';
  constructor(
    readonly userId: string,
    /** What the card shows before their profile arrives. */
    readonly username: string,
  ) {
    super(UserCardEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [UserCardEvent.type]: UserCardEvent;
  }
}
