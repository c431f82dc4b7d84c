/**
 * A tournament's pairings and results, posted in its conversation as `system` messages (the api
 * records each line in `tournament_posts` with the step that made it, then publishes
 * `tournament.posted`). Every instance hears the event; one claims each line, so each is posted
 * once, under the id the api chose. Its row names the tournament's owner, the member the server
 * writes through; its element names `SYSTEM_AUTHOR`, and the inbox signals it as a system line, no
 * one's unread message (deliver, send.ts).
 * A claim whose message is still not recorded after TOURNAMENT_POST_CLAIM_MS (its instance died on
 * the way) is taken again. A line whose event was lost goes out with the tournament's next one, or
 * when the api's clock tells it again. Once its lines are in, the tournament's version moves on
 * (`tournament.changed`): a page showing the tournament reads its record and lines again, now with
 * the lines the step that announced the version before could not show yet.
 */
import { Tournament, TOURNAMENT_POST_CLAIM_MS, unposted, type Db, type DomainEventHandlers, type DomainEvents, type Logger, type UpdateLog } from '@volley/core';
import { SYSTEM_AUTHOR } from '@volley/shared';
import type { Inbox } from '../rooms/inbox.js';
import { deliver } from '../outbox/ops/send.js';
import type { Rooms } from '../rooms/rooms.js';
import { sendMessage } from '../outbox/send-message.js';

export interface TournamentPostsDeps {
  db: Db;
  updateLog: UpdateLog;
  rooms: Rooms;
  inbox: Inbox;
  events: DomainEvents;
  segmentSize: number;
  log: Logger;
}

interface PostRow {
  id: string;
  body: string;
}

export class TournamentPosts {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: TournamentPostsDeps) {}

  readonly on: DomainEventHandlers = { 'tournament.posted': (event) => this.posted(event.tournamentId) };

  posted(tournamentId: string): void {
    const work = this.post(tournamentId)
      .catch((err: unknown) => this.deps.log.error({ tournamentId, err }, 'posting in a tournament failed'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  async close(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  private async post(tournamentId: string): Promise<void> {
    const { db, log } = this.deps;
    const t = await Tournament.query(db).findById(tournamentId).select('id', 'owner_id', 'conversation_id');
    if (!t?.conversationId) return;
    const convId = t.conversationId;
    // Claimed in one statement: another instance claiming at once gets the lines this one did not.
    const claimed: PostRow[] = await unposted(db, new Date(Date.now() - TOURNAMENT_POST_CLAIM_MS))
      .where({ tournament_id: tournamentId })
      .update({ posted_at: new Date() })
      .returning(['id', 'body']);
    let posted = false;
    for (const { id, body } of claimed.sort((a, b) => (a.id < b.id ? -1 : 1))) {
      const at = new Date();
      const result = await sendMessage(this.deps, { id, convId, authorId: t.ownerId, scope: null, body, kind: 'system', replyTo: undefined, at, segmentSize: this.deps.segmentSize });
      if (result.kind === 'rejected') {
        log.info({ tournamentId, reason: result.reason }, 'tournament line not posted');
        continue;
      }
      await deliver(this.deps, convId, id, result, async () => ({ id, seq: result.seq, author: SYSTEM_AUTHOR, authorName: '', body, at: result.at.toISOString(), kind: 'system' }));
      posted = true;
    }
    if (!posted) return;
    const [moved]: { version: number }[] = await db('tournaments').where('id', tournamentId).increment('version', 1).returning('version');
    if (moved) await this.deps.events.publish({ type: 'tournament.changed', tournamentId, version: moved.version });
  }
}
