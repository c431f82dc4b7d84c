/** Runs a slash command of the composer (`commands.ts`) against the API; the answer is what the composer shows. */
import type { Conversation } from '@volley/shared';
import { msg, msgFor } from '../i18n/i18n.js';
import { ApiError, type PendingOp } from '@volley/client';
import type { Channels } from '../services/channels.js';
import type { Members } from '../services/members.js';
import type { Social } from '../services/social.js';
import type { Command, ComposerResult } from './commands.js';
import { storedOutcome } from './stored-outcome.js';

export interface CommandContext {
  conversation: Conversation;
  online: boolean;
  channels: Channels;
  social: Social;
  members: Members;
  /** Sends `/me` actions. */
  sendAction: (text: string) => PendingOp;
  /** Queues a Pong invitation to this user (an outbox op: works offline, the server may refuse it). */
  invite: (to: string) => PendingOp;
}

export async function runCommand(command: Command, ctx: CommandContext): Promise<ComposerResult> {
  if (command.name === 'help') return { ok: true, note: msg('command.help') };
  if (command.name === 'me') return storedOutcome(ctx.sendAction(command.text));
  if (command.name === 'invite') return invite(command.username, ctx);
  if (!ctx.online) return { ok: false, error: msg('common.offline') };
  const member = await ctx.members.byUsername(ctx.conversation.id, command.username);
  if (!member) return { ok: false, error: msg('command.noSuchMember', { name: command.username }) };
  try {
    const { id } = ctx.conversation;
    if (command.name === 'block') await ctx.social.block(member.userId);
    else if (command.name === 'ban') await ctx.channels.moderate(id, member.userId, { action: 'ban', minutes: command.minutes });
    else if (command.name === 'mute') await ctx.channels.moderate(id, member.userId, { action: 'mute', minutes: command.minutes });
    else await ctx.channels.moderate(id, member.userId, { action: 'kick' });
    return { ok: true, note: msg(`command.done.${command.name}`, { name: member.username }) };
  } catch (error) {
    const code = error instanceof ApiError ? error.code : 'unknown';
    return { ok: false, error: msgFor('error', code, 'error.unknown') };
  }
}

/** `/invite @user`, or `/invite` alone in a DM (the other person). Offline, the members seen before answer. */
async function invite(username: string | null, ctx: CommandContext): Promise<ComposerResult> {
  const { conversation } = ctx;
  const peer = conversation.peer;
  if (username === null) {
    if (!peer) return { ok: false, error: msg('command.usage', { name: 'invite', help: msg('command.help') }) };
    return storedOutcome(ctx.invite(peer.id));
  }
  const to = peer?.username.toLowerCase() === username.toLowerCase() ? peer.id : (await ctx.members.byUsername(conversation.id, username))?.userId;
  if (!to) return { ok: false, error: msg('command.noSuchMember', { name: username }) };
  return storedOutcome(ctx.invite(to));
}
