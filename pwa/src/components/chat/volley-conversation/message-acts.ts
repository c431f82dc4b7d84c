/**
 * What the conversation does when I send (text, files, a command, a sticker) or act on one of its
 * messages (MessageActionEvent): the library's op for it, or the composer's part (a reply, a refused
 * send's text back). Fetched with the first of those (volley-conversation.ts): showing a
 * conversation needs none of it.
 */
import type { FileOutbox, OpSender, PendingOp, PendingOps, VolleyClient } from '@volley/client';
import type { Conversation, MessageSticker, OutboxEntry } from '@volley/shared';
import { excerptOf } from '@volley/shared/markdown';
import type * as Y from 'yjs';
import { isCommandLine } from '../../../chat/command-line.js';
import type { ComposerResult } from '../../../chat/commands.js';
import type { JumpTarget } from '../../../chat/message-link.js';
import { storedOutcome } from '../../../chat/stored-outcome.js';
import type { TimelineItem } from '../../../chat/timeline.js';
import type { VolleyDB } from '../../../db/db.js';
import type { MessageActionEvent } from '../../../events/message-action-event.js';
import { msg, withLaterMessages } from '../../../i18n/i18n.js';
import type { Channels } from '../../../services/channels.js';
import { markLastDeleted, refreshConversations } from '../../../services/conversations.js';
import type { Members } from '../../../services/members.js';
import { reportMessage } from '../../../services/reports.js';
import type { Social } from '../../../services/social.js';

/** The parts of the open conversation an action reaches. */
export interface ActionPlace {
  convId: string;
  ops: OpSender;
  pending: PendingOps;
  /** My ops not settled, by id. */
  entries: ReadonlyMap<string, OutboxEntry>;
  files: { outbox: FileOutbox | null; waiting: ReadonlyMap<string, unknown>; refused: ReadonlyMap<string, unknown> };
  /** What the log shows: an encrypted message decrypted, as a reply quotes it and a report discloses it. */
  timeline: readonly TimelineItem[];
  db: VolleyDB | undefined;
  volley: VolleyClient | undefined;
  reply(item: TimelineItem | null): void;
  /** My draft here, made if there is none. */
  draft(): Y.Text | null;
  focusComposer(): void;
  jump(target: JumpTarget): Promise<void>;
  /** The conversation unread from the message of that seq on, as if I had not seen it. */
  markUnread(seq: number): void;
}

export async function actOn(event: MessageActionEvent, place: ActionPlace): Promise<void> {
  const { act } = event;
  const { ops, pending, convId, files } = place;
  switch (act.action) {
    case 'retry':
      return void pending.retry(act.id);
    case 'discard':
      // A message whose files were all refused waits in the file outbox, not the op queue.
      if (files.waiting.has(act.id)) return files.outbox?.cancel(act.id);
      // The files a sent message went without, seen.
      if (files.refused.has(act.id)) return files.outbox?.dismiss(act.id);
      return pending.discard(act.id);
    case 'restore':
      return restore(place, act.id);
    case 'reply':
      place.reply(place.timeline.find((i) => i.id === act.id) ?? null);
      return place.focusComposer();
    case 'edit':
      return event.made(ops.edit(convId, act.id, act.body).stored);
    case 'delete': {
      const made = ops.delete(convId, act.id);
      // The list stops quoting it at once, offline too, if it was the last message; refused, it reads the server's list again.
      const seq = place.timeline.find((i) => i.id === act.id)?.seq;
      const { db, volley } = place;
      if (seq !== undefined && db && volley) {
        void markLastDeleted(db, convId, seq).catch(() => undefined);
        made.then(async (outcome) => {
          if (outcome.status === 'rejected') await refreshConversations(volley.api, db);
        }).catch(() => undefined);
      }
      return event.made(made.stored);
    }
    case 'react':
      return event.made(ops.react(convId, act.id, act.emoji, act.on).stored);
    case 'pin':
      return event.made(ops.pin(convId, act.id, act.on).stored);
    case 'jump':
      return place.jump(act);
    case 'unread':
      return place.markUnread(act.seq);
    case 'challenge':
      return event.made(ops.invite(convId, act.userId).stored);
    case 'report':
      return report(place, act.id);
  }
}

/** Asks why, and for an encrypted message whether to share its text, then reports it (volley-report-dialog.ts). */
async function report(place: ActionPlace, id: string): Promise<void> {
  const item = place.timeline.find((i) => i.id === id);
  const api = place.volley?.api;
  if (!item || !api) return;
  await import('../volley-report-dialog/volley-report-dialog.js');
  const dialog = document.createElement('volley-report-dialog');
  document.body.append(dialog);
  try {
    await dialog.ask({
      excerpt: excerptOf(item.body),
      ...(item.sealed ? { encryptedText: item.body } : {}),
      send: (body) => reportMessage(api, id, body),
    });
  } finally {
    dialog.remove();
  }
}

/** A refused send's text back in the composer (its draft), the op discarded: kept for editing where sending it again cannot help. */
function restore(place: ActionPlace, id: string): void {
  const entry = place.entries.get(id);
  const draft = place.draft();
  if (entry?.op === 'send' && draft) draft.insert(draft.length, draft.length > 0 ? `\n${entry.body}` : entry.body);
  place.pending.discard(id);
  place.focusComposer();
}

/** The parts of the open conversation a send reaches. */
export interface SendPlace {
  conversation: Conversation;
  ops: OpSender;
  files: FileOutbox | null;
  online: boolean;
  channels: Channels;
  social: Social;
  members: Members;
  /** The message answered, taken (the composer's quote closes): null if none. */
  takeReply(): string | null;
  typingStopped(): void;
}

/** With files the text is their caption, never a command: uploaded first, then sent under the same id. */
export async function submit(place: SendPlace, text: string, files: readonly File[]): Promise<ComposerResult> {
  const { conversation, ops } = place;
  const replying = (): { replyTo?: string } => {
    const replyTo = place.takeReply();
    place.typingStopped();
    return replyTo ? { replyTo } : {};
  };
  if (files.length > 0) return storedOutcome(place.files?.send(conversation.id, text, files.map((file) => ({ blob: file, name: file.name })), replying()));
  const send = (body: string, kind?: 'me'): PendingOp => ops.send(conversation.id, body, { ...(kind ? { kind } : {}), ...replying() });
  if (!isCommandLine(text)) return storedOutcome(send(text));
  // The commands' code comes with the first command typed.
  const [{ parseComposer }, { runCommand }] = await Promise.all([import('../../../chat/commands.js'), withLaterMessages(() => import('../../../chat/run-command.js'))]);
  const parsed = parseComposer(text);
  if (parsed.kind === 'error') return { ok: false, error: msg(parsed.error === 'unknown' ? 'command.unknown' : 'command.usage', { name: parsed.name, help: msg('command.help') }) };
  if (parsed.kind === 'message') return storedOutcome(send(text));
  const { channels, social, members, online } = place;
  const invite = (to: string): PendingOp => ops.invite(conversation.id, to);
  return runCommand(parsed.command, { conversation, online, channels, social, members, sendAction: (body) => send(body, 'me'), invite });
}

export function sendSticker(place: Pick<SendPlace, 'conversation' | 'ops' | 'takeReply'>, sticker: MessageSticker): Promise<ComposerResult> {
  const replyTo = place.takeReply();
  return storedOutcome(place.ops.sendSticker(place.conversation.id, sticker.id, replyTo ? { replyTo } : {}));
}
