import { describe, expect, it } from 'vitest';
import { parseQueueFrame, parseServerFrame, parseTournamentFrame } from './game-frames.js';

const player = (id: string) => ({ id, username: id, displayName: id.toUpperCase(), rating: 1000 });
const settings = { ballSpeed: 'normal', paddleSize: 'normal', scoreLimit: 11 };

describe('frames from the game server', () => {
  it('reads the frames of the protocol', () => {
    const welcome = { t: 'welcome', gameId: 'g1', role: 'player', side: 1, settings, players: [player('a'), player('b')] };
    expect(parseServerFrame(JSON.stringify(welcome))).toEqual(welcome);
    const spectator = { ...welcome, role: 'spectator', side: undefined };
    expect(parseServerFrame(JSON.stringify(spectator))).toMatchObject({ role: 'spectator' });
    const s = [5, 'countdown', 170, 400, 250, 7, 0, 250, 250, 0, 0, 0, 0];
    expect(parseServerFrame(JSON.stringify({ t: 'snap', s }))).toEqual({ t: 'snap', s });
    expect(parseServerFrame('{"t":"paused","side":0,"until":123}')).toEqual({ t: 'paused', side: 0, until: 123 });
    expect(parseServerFrame('{"t":"rematch","by":1}')).toEqual({ t: 'rematch', by: 1 });
    expect(parseServerFrame('{"t":"rematch","gameId":"g2"}')).toEqual({ t: 'rematch', gameId: 'g2' });
    const over = { t: 'over', winner: 0, reason: 'forfeit', score: [3, 1], ratings: [{ before: 1000, after: 1016 }, { before: 1000, after: 984 }], matchId: 'm1' };
    expect(parseServerFrame(JSON.stringify(over))).toEqual(over);
  });

  it('ignores anything else', () => {
    const bad = [
      'not json',
      '42',
      'null',
      '[]',
      '{"t":"snap","s":[1,2,3]}',
      '{"t":"snap","s":[5,"dancing",0,0,0,0,0,0,0,0,0,0,0]}',
      '{"t":"paused","side":2,"until":1}',
      '{"t":"welcome","gameId":"g","role":"player","players":[]}',
      '{"t":"welcome","gameId":"g","role":"player","settings":{"ballSpeed":"normal","paddleSize":"normal","scoreLimit":11},"players":[{"id":"a"},{"id":"b"}]}',
      '{"t":"unknown"}',
      '{"t":"over","winner":0}',
      'x'.repeat(100_000),
    ];
    for (const frame of bad) expect(parseServerFrame(frame)).toBeNull();
    expect(parseServerFrame(new ArrayBuffer(4))).toBeNull();
  });
});

describe('frames from the queue', () => {
  it('reads the server frames and ignores anything else', () => {
    expect(parseQueueFrame('{"t":"queued","rating":1012,"window":100,"waitedMs":5000}')).toEqual({ t: 'queued', rating: 1012, window: 100, waitedMs: 5000 });
    const opponent = { id: 'b', username: 'bob', displayName: 'Bob', rating: 990 };
    expect(parseQueueFrame(JSON.stringify({ t: 'matched', gameId: 'g1', opponent }))).toEqual({ t: 'matched', gameId: 'g1', opponent });
    expect(parseQueueFrame('{"t":"token","expiresAt":1900000000}')).toEqual({ t: 'token', expiresAt: 1900000000 });
    expect(parseQueueFrame('{"t":"matched","gameId":""}')).toBeNull();
    expect(parseQueueFrame('{"t":"queued","rating":"high"}')).toBeNull();
    expect(parseQueueFrame('not json')).toBeNull();
    expect(parseQueueFrame(new ArrayBuffer(4))).toBeNull();
  });
});

describe('frames from a tournament', () => {
  const ann = { id: 'a', username: 'ann', displayName: 'Ann' };
  const match = { id: 1, number: 1, status: 'ready', opponents: [{ user: ann, score: null, result: null, forfeit: false }, null], gameId: 'g1', showBy: '2026-11-25T07:30:00.000Z' };
  const bracket = { format: 'single_elimination', rounds: [{ number: 1, matches: [match] }], winner: null };

  it('reads a version with its bracket, up to the size a 64-player bracket needs', () => {
    expect(parseTournamentFrame(JSON.stringify({ t: 'changed', version: 3, bracket }))).toEqual({ t: 'changed', version: 3, bracket });
    const big = { ...bracket, rounds: [{ number: 1, matches: Array.from({ length: 63 }, (_, i) => ({ ...match, id: i + 1, opponents: [match.opponents[0], { ...match.opponents[0], user: { ...ann, displayName: 'x'.repeat(1200) } }] })) }] };
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024); // past the bound of the other game frames
    expect(parseTournamentFrame(JSON.stringify({ t: 'changed', version: 9, bracket: big }))?.t).toBe('changed');
  });

  it('ignores a frame without its bracket, a bracket out of shape, and one past the bound', () => {
    expect(parseTournamentFrame('{"t":"changed","version":3}')).toBeNull();
    expect(parseTournamentFrame(JSON.stringify({ t: 'changed', version: 3, bracket: { ...bracket, rounds: [{ number: 1, matches: [{ ...match, status: 'lost' }] }] } }))).toBeNull();
    const huge = { ...bracket, winner: { ...ann, displayName: 'x'.repeat(300 * 1024) } };
    expect(parseTournamentFrame(JSON.stringify({ t: 'changed', version: 3, bracket: huge }))).toBeNull();
  });
});
