/**
 * `invite`: a Pong invitation card to another member of the conversation, sent like a message
 * (same refusals, one message per op id) with its game (`games` row, id = the op id) beside it.
 */
import { blockedEitherWay, Conversation, Game, gamePolicy, Message as MessageRow, User, type Db } from '@volley/core';
import { GameSettings, INVITATION_TTL_MS, isRankedSettings, type OutboxOp } from '@volley/shared';
import { gameCard } from '../../rooms/game-card.js';
import { conversationMembership, membersAmong } from '../../rooms/membership.js';
import { refusal, type OpActor, type Refusal } from '../refusals.js';
import { sendMessage } from '../send-message.js';
import { notificationSender, type OpAuthor } from '../author.js';
import type { OpContext, OpHandler } from './op-context.js';
import { deliver } from './send.js';

type InviteOp = Extract<OutboxOp, { op: 'invite' }>;

/** Why the actor may not invite now: a send's refusals, then the game's (core/src/policies/game.ts). */
async function inviteRefusal(db: Db, actor: OpActor, op: InviteOp): Promise<Refusal | null> {
  const actorId = actor.userId;
  const membership = await conversationMembership(db, op.convId, actorId);
  if (!membership) return { kind: 'rejected', reason: 'no_such_conversation' };
  const refused = await refusal(db, membership, actor, 'send');
  if (refused) return refused;
  const member = op.to !== actorId && (await membersAmong(db, op.convId, [op.to])).length > 0;
  const blocked = member && (await blockedEitherWay(db, actorId, op.to));
  const ruled = gamePolicy.refusal({ userId: actorId, blocked }, 'invite', { userId: op.to, member });
  return ruled && { kind: 'rejected', reason: ruled.reason };
}

/** The game of the invitation; a replay finds the one already recorded. */
async function recordGame(db: Db, id: string, actorId: string, op: InviteOp, expiresAt: Date): Promise<Game> {
  const settings = GameSettings.parse(op.settings ?? {});
  // Custom settings make a friendly game: ratings compare games played by the same rules.
  const ranked = isRankedSettings(settings);
  await db('games')
    .insert({ id, status: 'invited', ranked, settings: JSON.stringify(settings), left_id: actorId, right_id: op.to, conversation_id: op.convId, message_id: id, expires_at: expiresAt })
    .onConflict('id')
    .ignore();
  return (await Game.query(db).findById(id))!;
}

async function notifyInvitee(ctx: OpContext, author: OpAuthor, game: Game): Promise<void> {
  try {
    const conversation = await Conversation.query(ctx.db).findById(game.conversationId!).select('id', 'name');
    await ctx.notifier.notify(game.rightId, {
      kind: 'game_invite',
      conversation: { id: game.conversationId!, name: conversation?.name ?? '' },
      by: await notificationSender(ctx.db, author),
      gameId: game.id,
      messageId: game.id,
      expiresAt: new Date(game.expiresAt!).toISOString(),
    });
  } catch (err) {
    ctx.log.warn({ err, gameId: game.id }, 'invitation notification failed');
  }
}

export const invite: OpHandler<'invite'> = async (ctx, author, id, op, writer) => {
  // A replay is decided by sendMessage alone: an invitation accepted before a block stays accepted.
  const replay = await MessageRow.query(ctx.db).findById(id).select('id');
  const refused = replay ? null : await inviteRefusal(ctx.db, { userId: author.id, scope: writer.scope }, op);
  if (refused) return refused;
  const invitee = await User.query(ctx.db).findById(op.to).select('username');
  const body = `🏓 ${invitee?.username ?? ''}`;
  const result = await sendMessage(ctx, { id, convId: op.convId, authorId: author.id, scope: writer.scope, body, kind: 'invite', replyTo: undefined, at: new Date(), segmentSize: ctx.segmentSize });
  if (result.kind === 'rejected') return result;
  const game = await recordGame(ctx.db, id, author.id, op, new Date(result.at.getTime() + INVITATION_TTL_MS));
  await deliver(ctx, op.convId, id, result, async () => {
    const recorded = await MessageRow.query(ctx.db).findById(id).select('body');
    return {
      id,
      seq: result.seq,
      author: author.id,
      authorName: author.username,
      body: recorded?.body ?? body,
      at: result.at.toISOString(),
      kind: 'invite',
      game: await gameCard(ctx.db, game),
    };
  });
  if (result.kind === 'inserted') await notifyInvitee(ctx, author, game);
  return { kind: 'accepted', seq: result.seq };
};
