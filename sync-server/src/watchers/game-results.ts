/**
 * What the sync servers do when a game changes (core/src/events.ts): an invitation card shows its
 * game as recorded, its result included; a finished game of a conversation with no card (a rematch)
 * gets its result posted there once. One card per game.
 */
import { Game, Match, User, type Db, type DomainEventHandlers, type Logger, type UpdateLog } from '@volley/core';
import { gameCard, newResultMessageId, resultBody } from '../rooms/game-card.js';
import type { Inbox } from '../rooms/inbox.js';
import { deliver } from '../outbox/ops/send.js';
import type { RecordedMessages } from '../rooms/recorded-message.js';
import type { Rooms } from '../rooms/rooms.js';
import { sendMessage } from '../outbox/send-message.js';

export interface GameResultsDeps {
  db: Db;
  updateLog: UpdateLog;
  rooms: Rooms;
  inbox: Inbox;
  recorded: RecordedMessages;
  segmentSize: number;
  log: Logger;
}

export class GameResults {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: GameResultsDeps) {}

  readonly on: DomainEventHandlers = {
    'message.changed': (event) => this.messageChanged(event.messageId),
    'game.finished': (event) => this.gameFinished(event.gameId),
  };

  /** `message.changed`: safe on every instance, the element is rewritten from the tables under a lock. */
  messageChanged(messageId: string): void {
    this.track(this.deps.recorded.show(messageId).then(() => undefined), { messageId });
  }

  /** `game.finished`: every instance hears it, one claims the posting. */
  gameFinished(gameId: string): void {
    this.track(this.post(gameId), { gameId });
  }

  /** Lets the writes under way finish. */
  async close(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private track(work: Promise<void>, ids: Record<string, string>): void {
    const tracked = work.catch((err: unknown) => this.deps.log.error({ ...ids, err }, 'showing a game failed')).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async post(gameId: string): Promise<void> {
    const { db, log } = this.deps;
    const match = await Match.query(db).findOne({ game_id: gameId });
    if (!match) return log.warn({ gameId }, 'a finished game without a match: no result posted');
    const finished = await Game.query(db).findById(gameId);
    // An invitation's card shows the result (rewritten from the tables, on every instance): the
    // game has its one card. A queue's game has no conversation: its players see the result in the
    // game and their history.
    if (finished?.messageId) {
      await this.deps.recorded.show(finished.messageId);
      return;
    }
    const convId = finished?.conversationId;
    if (!convId) return;
    // One instance claims the posting, and picks the result's id with it.
    const [game] = await Game.query(db).patch({ resultPostedAt: new Date(), resultMessageId: newResultMessageId() }).where({ id: gameId }).whereNull('result_posted_at').returning('*');
    if (!game) return;
    const card = await gameCard(db, game);
    const body = resultBody(card);
    const id = game.resultMessageId!;
    const result = await sendMessage(this.deps, { id, convId, authorId: match.winnerId, scope: null, body, kind: 'result', replyTo: undefined, at: new Date(), segmentSize: this.deps.segmentSize });
    // The winner may have left the conversation or been muted since: the result stays in the history.
    if (result.kind === 'rejected') return log.info({ gameId, reason: result.reason }, 'result not posted');
    const winner = await User.query(db).findById(match.winnerId).select('username');
    await deliver(this.deps, convId, id, result, async () => ({
      id,
      seq: result.seq,
      author: match.winnerId,
      authorName: winner?.username ?? '',
      body,
      at: result.at.toISOString(),
      kind: 'result',
      game: card,
    }));
    log.info({ gameId, convId, seq: result.seq }, 'result posted');
  }
}
