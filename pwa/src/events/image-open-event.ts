/** A picture of a message was clicked: the conversation opens it full size in its viewer. */
export class ImageOpenEvent extends Event {
  static readonly type = 'volley-image-open';
  constructor(readonly attachmentId: string) {
    super(ImageOpenEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    [ImageOpenEvent.type]: ImageOpenEvent;
  }
}
