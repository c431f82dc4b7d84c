import { BaseModel } from './base.js';

/** The server-side index of every accepted message (search, audit, rebuilding documents). */
export class Message extends BaseModel {
  static override tableName = 'messages';

  id!: string;
  conversationId!: string;
  seq!: number;
  segment!: number;
  authorId!: string;
  body!: string;
  createdAt!: Date;
  editedAt!: Date | null;
  deletedAt!: Date | null;
}
