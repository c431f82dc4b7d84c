import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationMember, DomainEvents, Game, Tournament } from '@volley/core';
import { Bot, BracketView, CreatedBotToken, ErrorBody, HistoryPage, newId, Leaderboard, notificationPath, PlayedTournamentPage, TournamentDetail, TournamentPage, type BracketMatch } from '@volley/shared';
import { recordMatch } from '../../services/record-match.js';
import { addMessages, as, notificationsFor, signUp, startTestApi, type Session, type TestApi } from '../../api.testing.js';
import { GameClient } from '../../game/game-client.testing.js';

let t: TestApi;
beforeAll(async () => {
  t = await startTestApi();
});
afterAll(() => t.close());

const errorOf = async (res: Response) => ({ status: res.status, code: ErrorBody.parse(await res.json()).error.code });

async function create(owner: Session, body: Record<string, unknown> = {}): Promise<TournamentDetail> {
  const res = await as(t, owner)('POST', '/api/v1/tournaments', { name: 'Friday cup', size: 4, ...body });
  expect(res.status).toBe(201);
  return TournamentDetail.parse(await res.json());
}

const register = (who: Session, id: string) => as(t, who)('POST', `/api/v1/tournaments/${id}/register`);
const bracketOf = async (who: Session, id: string) => BracketView.parse(await (await as(t, who)('GET', `/api/v1/tournaments/${id}/bracket`)).json());
const detailOf = async (who: Session, id: string) => TournamentDetail.parse(await (await as(t, who)('GET', `/api/v1/tournaments/${id}`)).json());
const matchesWithGames = (bracket: BracketView): BracketMatch[] => bracket.rounds.flatMap((r) => r.matches).filter((m) => m.gameId && m.status !== 'completed' && m.status !== 'archived');

/** A game ends as the game host ends it: the match recorded, then `game.finished` published. */
async function finish(gameId: string, winnerSide: 0 | 1): Promise<void> {
  await recordMatch(t.deps.db, { gameId, winner: winnerSide, reason: 'score', score: winnerSide === 0 ? [5, 3] : [3, 5] });
  await new DomainEvents(t.deps.bus).publish({ type: 'game.finished', gameId });
}

/** Four signed-up players registered in a new tournament of `owner`, which starts once full. */
async function fullTournament(owner: Session, body: Record<string, unknown> = {}): Promise<{ tournament: TournamentDetail; players: Session[] }> {
  const tournament = await create(owner, body);
  const players = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
  for (const p of players) expect((await register(p, tournament.id)).status).toBe(200);
  return { tournament, players };
}

describe('creating', () => {
  it('refuses what a tournament cannot be, with the fields named', async () => {
    const ann = await signUp(t);
    const refused = async (body: Record<string, unknown>) => {
      const res = await as(t, ann)('POST', '/api/v1/tournaments', { name: 'cup', size: 4, ...body });
      expect(res.status).toBe(400);
      return Object.keys(ErrorBody.parse(await res.json()).error.fields ?? {});
    };
    expect(await refused({ size: 3 })).toEqual(['size']);
    expect(await refused({ size: 65 })).toEqual(['size']);
    expect(await refused({ format: 'round_robin', size: 9 })).toEqual(['size']);
    expect(await refused({ name: '' })).toEqual(['name']);
    expect(await refused({ name: 'a\u0000b' })).toEqual(['name']);
    expect(await refused({ name: '\ud800' })).toEqual(['name']);
    expect(await refused({ registrationEndsAt: new Date(Date.now() - 1000).toISOString() })).toEqual(['registrationEndsAt']);
    expect(await refused({ settings: { scoreLimit: 0 } })).toEqual(['settings.scoreLimit']);
    expect(await refused({ noShowSeconds: 5 })).toEqual(['noShowSeconds']);
    expect(await refused({ bracket: 'double' })).toEqual(['bracket']);
  });

  it('makes a tournament open for registration, with its conversation owned by its creator', async () => {
    const ann = await signUp(t);
    const made = await create(ann, { format: 'round_robin', settings: { scoreLimit: 5, ballSpeed: 'fast' } });
    expect(made).toMatchObject({ name: 'Friday cup', format: 'round_robin', size: 4, status: 'registration', owner: ann.user, playerCount: 0, registered: false, noShowSeconds: 120, settings: { scoreLimit: 5, ballSpeed: 'fast', paddleSize: 'normal' } });
    expect(await ConversationMember.query(t.deps.db).findById([made.conversationId!, ann.user.id])).toMatchObject({ role: 'owner' });
  });
});

describe('registration', () => {
  it('starts once full: seeded by rating, pairings posted, both players of each match told', async () => {
    const owner = await signUp(t);
    const tournament = await create(owner);
    const players = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    for (const [i, p] of players.entries()) await t.deps.db('users').where('id', p.user.id).update({ rating: 1000 + i * 10 });
    for (const p of players.slice(0, 3)) expect((await register(p, tournament.id)).status).toBe(200);
    expect((await detailOf(owner, tournament.id)).status).toBe('registration');
    const last = TournamentDetail.parse(await (await register(players[3]!, tournament.id)).json());
    expect(last).toMatchObject({ status: 'running', playerCount: 4, registered: true });
    // Best rating first: the last to register is seed 1, and meets seed 4.
    expect(last.players.map((p) => [p.id, p.seed])).toEqual([3, 2, 1, 0].map((i, seed) => [players[i]!.user.id, seed + 1]));
    const bracket = await bracketOf(owner, tournament.id);
    const first = bracket.rounds[0]!.matches.map((m) => m.opponents.map((o) => o!.user!.id).sort());
    expect(first).toEqual([[players[3]!.user.id, players[0]!.user.id].sort(), [players[2]!.user.id, players[1]!.user.id].sort()]);
    for (const match of bracket.rounds[0]!.matches) {
      expect(match).toMatchObject({ status: 'ready', gameId: expect.any(String), showBy: expect.any(String) });
      const game = (await Game.query(t.deps.db).findById(match.gameId!))!;
      expect(game).toMatchObject({ status: 'ready', tournamentId: tournament.id, ranked: true });
      for (const [me, them] of [match.opponents, [...match.opponents].reverse()] as const) {
        expect(await notificationsFor(t, me!.user!.id)).toContainEqual(expect.objectContaining({ kind: 'tournament_match', gameId: game.id, opponent: them!.user, tournament: { id: tournament.id, name: 'Friday cup' } }));
      }
    }
    // Every player is a member of the conversation; the lines wait for a sync server to post them.
    for (const p of players) expect(await ConversationMember.query(t.deps.db).findById([tournament.conversationId!, p.user.id])).toBeDefined();
    const posts: { body: string }[] = await t.deps.db('tournament_posts').where('tournament_id', tournament.id).orderBy('id');
    expect(posts.map((p) => p.body)).toEqual([expect.stringMatching(/^Friday cup starts with 4 players/), expect.stringMatching(/^Round 1: .* vs .*, .* vs .*\.$/)]);
  });

  it('is closed once started, full when full, and a withdrawal frees the place', async () => {
    const owner = await signUp(t);
    const windowed = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const players = [await signUp(t), await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    for (const p of players.slice(0, 4)) expect((await register(p, windowed.id)).status).toBe(200);
    // A window keeps registration open until it ends, even when full.
    expect(await errorOf(await register(players[4]!, windowed.id))).toEqual({ status: 409, code: 'tournament_full' });
    expect((await register(players[0]!, windowed.id)).status).toBe(200);
    expect((await as(t, players[0]!)('POST', `/api/v1/tournaments/${windowed.id}/withdraw`)).status).toBe(204);
    expect(await ConversationMember.query(t.deps.db).findById([windowed.conversationId!, players[0]!.user.id])).toBeUndefined();
    expect((await register(players[4]!, windowed.id)).status).toBe(200);
    // The owner is told of each player who registers (registering twice tells nothing more), with the count then.
    const told = (await notificationsFor(t, owner.user.id)).filter((n) => n.kind === 'tournament_registration' && n.tournament.id === windowed.id);
    expect(told.map((n) => n.kind === 'tournament_registration' && [n.player.id, n.players, n.size])).toEqual([...players.slice(0, 4).map((p, i) => [p.user.id, i + 1, 4]), [players[4]!.user.id, 4, 4]]);
    expect(notificationPath(told[0]!)).toBe(`/tournaments/${windowed.id}`);

    const { tournament, players: started } = await fullTournament(owner);
    expect(await errorOf(await register(players[0]!, tournament.id))).toEqual({ status: 409, code: 'tournament_closed' });
    expect(await errorOf(await as(t, started[0]!)('POST', `/api/v1/tournaments/${tournament.id}/withdraw`))).toEqual({ status: 409, code: 'tournament_closed' });
  });

  it('of five players racing for the last four places, four get in', async () => {
    const owner = await signUp(t);
    const tournament = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const players = await Promise.all([1, 2, 3, 4, 5].map(() => signUp(t)));
    const answers = await Promise.all(players.map((p) => register(p, tournament.id)));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 409]);
    expect((await detailOf(owner, tournament.id)).playerCount).toBe(4);
  });

  it('starts when its window ends, and is cancelled with fewer than two players', async () => {
    const owner = await signUp(t);
    const [ann, bob, cat] = [await signUp(t), await signUp(t), await signUp(t)];
    // Windows long enough for the four registrations below on a busy machine (1.5 s was not, under a full test run at load 12).
    const soon = await create(owner, { size: 8, registrationEndsAt: new Date(Date.now() + 4000).toISOString() });
    const lonely = await create(owner, { registrationEndsAt: new Date(Date.now() + 4000).toISOString() });
    for (const p of [ann, bob, cat]) await register(p, soon.id);
    await register(ann, lonely.id);
    await expect.poll(async () => (await detailOf(owner, soon.id)).status, { timeout: 10_000 }).toBe('running');
    await expect.poll(async () => (await detailOf(owner, lonely.id)).status, { timeout: 10_000 }).toBe('cancelled');
    // Three players in a bracket of four: the best seed has a bye, the other two play.
    const bracket = await bracketOf(owner, soon.id);
    expect(bracket.rounds[0]!.matches.filter((m) => m.gameId)).toHaveLength(1);
    expect(bracket.rounds[0]!.matches.filter((m) => m.opponents.includes(null))).toHaveLength(1);
  });
});

describe('who may see and join', () => {
  it('an invite-only tournament is seen by the invited, the players and the owner only', async () => {
    const [owner, ann, eve] = [await signUp(t), await signUp(t), await signUp(t)];
    const secret = await create(owner, { inviteOnly: true, registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect(await errorOf(await as(t, eve)('GET', `/api/v1/tournaments/${secret.id}`))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await register(eve, secret.id))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await as(t, ann)('POST', `/api/v1/tournaments/${secret.id}/invitations`, { userId: eve.user.id }))).toEqual({ status: 404, code: 'not_found' });
    expect((await as(t, owner)('POST', `/api/v1/tournaments/${secret.id}/invitations`, { userId: ann.user.id })).status).toBe(204);
    // Ann is told, once however many times she is invited; the notification leads to the tournament.
    expect((await as(t, owner)('POST', `/api/v1/tournaments/${secret.id}/invitations`, { userId: ann.user.id })).status).toBe(204);
    const invitations = (await notificationsFor(t, ann.user.id)).filter((n) => n.kind === 'tournament_invite');
    expect(invitations).toEqual([expect.objectContaining({ tournament: { id: secret.id, name: secret.name }, by: owner.user })]);
    expect(notificationPath(invitations[0]!)).toBe(`/tournaments/${secret.id}`);
    expect((await as(t, ann)('GET', `/api/v1/tournaments/${secret.id}`)).status).toBe(200);
    expect((await register(ann, secret.id)).status).toBe(200);
    const listed = async (who: Session) => TournamentPage.parse(await (await as(t, who)('GET', '/api/v1/tournaments?status=registration&limit=100')).json()).items.map((i) => i.id);
    expect(await listed(ann)).toContain(secret.id);
    expect(await listed(eve)).not.toContain(secret.id);
  });

  it('blocks: a blocked owner hides the tournament, and players who blocked each other are never in one', async () => {
    const [owner, ann, bob, eve] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    const open = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await register(ann, open.id)).status).toBe(200);
    expect((await as(t, ann)('PUT', `/api/v1/blocks/${bob.user.id}`)).status).toBe(204);
    expect(await errorOf(await register(bob, open.id))).toEqual({ status: 403, code: 'blocked' });
    expect((await as(t, eve)('PUT', `/api/v1/blocks/${owner.user.id}`)).status).toBe(204);
    expect(await errorOf(await as(t, eve)('GET', `/api/v1/tournaments/${open.id}`))).toEqual({ status: 404, code: 'not_found' });
    expect(await errorOf(await register(eve, open.id))).toEqual({ status: 404, code: 'not_found' });
  });

  it('its members read its conversation; anyone else who may see the tournament, banned users too, only its system lines; others nothing', async () => {
    const [owner, ann, eve, spectator, banned] = [await signUp(t), await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    const open = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    await register(ann, open.id);
    await register(banned, open.id);
    expect((await as(t, owner)('POST', `/api/v1/conversations/${open.conversationId}/ban`, { userId: banned.user.id })).status).toBe(204);
    // The lines as the sync server records them (it is their only writer): a pairing, and the players' chat.
    const [line] = await addMessages(t, open.conversationId!, owner.user.id, ['Round 1: ann vs bob.']);
    await t.deps.db('messages').where({ id: line!.id }).update({ kind: 'system' });
    const [chat] = await addMessages(t, open.conversationId!, ann.user.id, ['my address is 12 rue des Lilas']);
    const bodiesFor = async (who: Session) => {
      const read = await as(t, who)('GET', `/api/v1/tournaments/${open.id}/messages?limit=10`);
      expect(read.status).toBe(200);
      return HistoryPage.parse(await read.json()).items.map((m) => [m.id, m.body]);
    };
    for (const outsider of [spectator, banned]) expect(await bodiesFor(outsider)).toEqual([[line!.id, 'Round 1: ann vs bob.']]);
    for (const member of [ann, owner]) expect(await bodiesFor(member)).toEqual([[chat!.id, 'my address is 12 rue des Lilas'], [line!.id, 'Round 1: ann vs bob.']]);
    // The conversation itself stays the members'.
    expect((await as(t, spectator)('GET', `/api/v1/conversations/${open.conversationId}/messages`)).status).toBe(403);
    expect((await as(t, eve)('PUT', `/api/v1/blocks/${owner.user.id}`)).status).toBe(204);
    expect(await errorOf(await as(t, eve)('GET', `/api/v1/tournaments/${open.id}/messages`))).toEqual({ status: 404, code: 'not_found' });
    }, 60_000);

  it("a bot token reaches a tournament's conversation only within its scope", async () => {
    const owner = await signUp(t);
    const open = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const bot = Bot.parse(await (await as(t, owner)('POST', '/api/v1/bots', { username: `bot_${owner.user.username}` })).json());
    const tokenFor = async (conversations: string[] | null) =>
      CreatedBotToken.parse(await (await as(t, owner)('POST', `/api/v1/bots/${bot.id}/tokens`, { name: 'ci', scope: { access: 'read_write', conversations } })).json());
    const elsewhere = { accessToken: (await tokenFor([newId()])).token };
    expect(await errorOf(await as(t, elsewhere)('GET', `/api/v1/tournaments/${open.id}/messages`))).toEqual({ status: 403, code: 'token_scope' });
    expect(await errorOf(await register(elsewhere as Session, open.id))).toEqual({ status: 403, code: 'token_scope' });
    const everywhere = { accessToken: (await tokenFor(null)).token };
    expect((await as(t, everywhere)('GET', `/api/v1/tournaments/${open.id}/messages`)).status).toBe(200);
    expect((await register(everywhere as Session, open.id)).status).toBe(200);
  });

  it('a user banned from its conversation does not register; only the owner starts or invites', async () => {
    const [owner, ann, bob] = [await signUp(t), await signUp(t), await signUp(t)];
    const open = await create(owner, { registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    await t.deps.db('conversation_bans').insert({ conversation_id: open.conversationId, user_id: ann.user.id, by_user_id: owner.user.id, reason: '' });
    expect(await errorOf(await register(ann, open.id))).toEqual({ status: 403, code: 'banned' });
    expect((await register(bob, open.id)).status).toBe(200);
    expect(await errorOf(await as(t, bob)('POST', `/api/v1/tournaments/${open.id}/start`))).toEqual({ status: 403, code: 'forbidden' });
    expect(await errorOf(await as(t, owner)('POST', `/api/v1/tournaments/${open.id}/start`))).toEqual({ status: 409, code: 'too_few_players' });
    expect(await errorOf(await as(t, bob)('GET', '/api/v1/tournaments/not-an-id'))).toEqual({ status: 400, code: 'validation_failed' });
    expect((await t.request(`/api/v1/tournaments/${open.id}`)).status).toBe(401);
  });
});

describe('playing', () => {
  it('winners advance at once; the final makes a winner, kept with the bracket, the profiles and the leaderboard', async () => {
    const owner = await signUp(t);
    const { tournament, players } = await fullTournament(owner);
    const round1 = matchesWithGames(await bracketOf(owner, tournament.id));
    expect(round1).toHaveLength(2);
    for (const match of round1) await finish(match.gameId!, 0);
    await expect.poll(async () => (await bracketOf(owner, tournament.id)).rounds[1]!.matches[0]!.gameId, { timeout: 10_000 }).toEqual(expect.any(String));
    const final = (await bracketOf(owner, tournament.id)).rounds[1]!.matches[0]!;
    const finalists = final.opponents.map((o) => o!.user!.id);
    expect(finalists.sort()).toEqual(round1.map((m) => m.opponents[0]!.user!.id).sort());
    await finish(final.gameId!, 1);
    await expect.poll(async () => (await detailOf(owner, tournament.id)).status, { timeout: 10_000 }).toBe('finished');
    const champion = final.opponents[1]!.user!;
    const done = await bracketOf(owner, tournament.id);
    expect(done.winner).toEqual(champion);
    expect(done.rounds.flatMap((r) => r.matches).every((m) => m.opponents.some((o) => o?.result === 'win'))).toBe(true);
    for (const p of players) expect(await notificationsFor(t, p.user.id)).toContainEqual(expect.objectContaining({ kind: 'tournament_finished', winner: champion }));

    const played = async (who: Session) => PlayedTournamentPage.parse(await (await as(t, owner)('GET', `/api/v1/users/${who.user.id}/tournaments`)).json()).items;
    const winner = players.find((p) => p.user.id === champion.id)!;
    expect(await played(winner)).toMatchObject([{ tournament: { id: tournament.id }, won: true }]);
    expect(await played(players.find((p) => p.user.id !== champion.id)!)).toMatchObject([{ tournament: { id: tournament.id }, won: false }]);
    const board = Leaderboard.parse(await (await as(t, winner)('GET', '/api/v1/leaderboard?games=tournament')).json());
    expect(board.me).toMatchObject({ wins: 2, losses: 0 });
    expect(board.items.map((e) => e.user.id)).toEqual(expect.arrayContaining(players.map((p) => p.user.id)));
    expect(await errorOf(await as(t, winner)('GET', '/api/v1/leaderboard?games=friendly'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('a match neither player came to sends the better seed through', async () => {
    const owner = await signUp(t);
    const { tournament } = await fullTournament(owner);
    const [first] = matchesWithGames(await bracketOf(owner, tournament.id));
    // Their deadline long gone: the clock finds the game still waiting.
    await Game.query(t.deps.db).findById(first!.gameId!).patch({ showBy: new Date(Date.now() - 60_000) });
    await expect.poll(async () => (await Game.query(t.deps.db).findById(first!.gameId!))!.status, { timeout: 10_000 }).toBe('abandoned');
    const seeds = new Map((await detailOf(owner, tournament.id)).players.map((p) => [p.id, p.seed!]));
    const decided = (await bracketOf(owner, tournament.id)).rounds[0]!.matches.find((m) => m.id === first!.id)!;
    const through = decided.opponents.find((o) => o!.result === 'win')!.user!.id;
    expect(seeds.get(through)).toBe(Math.min(...decided.opponents.map((o) => seeds.get(o!.user!.id)!)));
  });

  it('a game whose host died is played again', async () => {
    const owner = await signUp(t);
    const { tournament } = await fullTournament(owner);
    const [first] = matchesWithGames(await bracketOf(owner, tournament.id));
    await Game.query(t.deps.db).findById(first!.gameId!).patch({ status: 'host_lost', endedAt: new Date() });
    await expect.poll(async () => (await bracketOf(owner, tournament.id)).rounds[0]!.matches.find((m) => m.id === first!.id)!.gameId, { timeout: 10_000 }).not.toBe(first!.gameId);
    const again = (await bracketOf(owner, tournament.id)).rounds[0]!.matches.find((m) => m.id === first!.id)!;
    expect(again).toMatchObject({ status: 'ready', opponents: first!.opponents });
    expect((await Game.query(t.deps.db).findById(again.gameId!))!.status).toBe('ready');
    expect((await Tournament.query(t.deps.db).findById(tournament.id))!.status).toBe('running');
  });
});

describe('following a tournament live', () => {
  it('tells whoever may see it each move on /game/tournaments/<id> with the bracket as it then stands, from its version on opening', async () => {
    const owner = await signUp(t);
    const tournament = await create(owner);
    const spectator = await signUp(t);
    const watch = GameClient.open(t, `tournaments/${tournament.id}`, spectator.accessToken);
    expect(await watch.next('changed')).toEqual({ t: 'changed', version: 0, bracket: { format: 'single_elimination', rounds: [], winner: null } });

    // A registration, a withdrawal: each moves the tournament on.
    const first = await signUp(t);
    expect((await register(first, tournament.id)).status).toBe(200);
    await watch.next('changed', (f) => f.version === 1);
    expect((await as(t, first)('POST', `/api/v1/tournaments/${tournament.id}/withdraw`)).status).toBe(204);
    await watch.next('changed', (f) => f.version === 2);

    // Full: it starts, and the frame carries the drawn bracket, as the route reads it.
    const players = [await signUp(t), await signUp(t), await signUp(t), await signUp(t)];
    for (const p of players) expect((await register(p, tournament.id)).status).toBe(200);
    const started = await watch.next('changed', (f) => f.version >= 6 && f.bracket.rounds[0]!.matches.every((m) => m.gameId !== null));
    expect((await detailOf(spectator, tournament.id)).status).toBe('running');
    expect(started.bracket).toEqual(await bracketOf(spectator, tournament.id));
    // A result: the next frame shows it decided, with no read of the bracket.
    const [match] = matchesWithGames(started.bracket);
    await finish(match!.gameId!, 0);
    const moved = await watch.next('changed', (f) => f.version > started.version);
    const decided = moved.bracket.rounds[0]!.matches.find((m) => m.gameId === match!.gameId)!;
    expect(decided.opponents.map((o) => o?.result)).toEqual(['win', 'loss']);
    expect(BracketView.parse(moved.bracket)).toEqual(moved.bracket);
  });

  it('closes a watcher’s socket when a block leaves them unable to see the tournament', async () => {
    const owner = await signUp(t);
    const tournament = await create(owner);
    const [spectator, other] = [await signUp(t), await signUp(t)];
    const watch = GameClient.open(t, `tournaments/${tournament.id}`, spectator.accessToken);
    const staying = GameClient.open(t, `tournaments/${tournament.id}`, other.accessToken);
    await watch.next('changed');
    await staying.next('changed');
    expect((await as(t, owner)('PUT', `/api/v1/blocks/${spectator.user.id}`)).status).toBe(204);
    expect((await watch.closed).code).toBe(4404);
    // The other watcher still hears it move.
    expect((await register(await signUp(t), tournament.id)).status).toBe(200);
    expect((await staying.next('changed', (f) => f.version === 1)).bracket.rounds).toEqual([]);
  });

  it('is not there for whoever may not see the tournament, nor without a token', async () => {
    const owner = await signUp(t);
    const secret = await create(owner, { inviteOnly: true, registrationEndsAt: new Date(Date.now() + 3_600_000).toISOString() });
    const stranger = await signUp(t);
    expect((await GameClient.open(t, `tournaments/${secret.id}`, stranger.accessToken).closed).code).toBe(4404);
    expect((await GameClient.open(t, `tournaments/${newId()}`, stranger.accessToken).closed).code).toBe(4404);
    expect((await GameClient.open(t, `tournaments/${secret.id}`).closed).code).toBe(4401);
  });
});
