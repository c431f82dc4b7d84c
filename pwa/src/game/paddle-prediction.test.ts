import { DEFAULT_GAME_SETTINGS, FIELD, movePaddle, type Direction } from '@volley/shared';
import { describe, expect, it } from 'vitest';
import { PaddlePrediction } from './paddle-prediction.js';

const settings = DEFAULT_GAME_SETTINGS;

/**
 * My paddle against a server `latency` ticks away each way, sending a snapshot every `every`
 * ticks: the server applies each input when it arrives, as the real one does. Returns, per local
 * tick, the predicted y, the y my inputs give without any latency, and the server's y.
 */
function play(dirs: Direction[], latencyOf: number | ((t: number) => number), every: number, serverStartY: number = FIELD.height / 2) {
  const latency = typeof latencyOf === 'number' ? () => latencyOf : latencyOf;
  const prediction = new PaddlePrediction(FIELD.height / 2, settings);
  const server = { y: serverStartY, dir: 0 as Direction, ack: 0, tick: 5000 };
  const toServer: { at: number; seq: number; dir: Direction }[] = [];
  const toClient: { at: number; tick: number; y: number; ack: number }[] = [];
  let local = FIELD.height / 2;
  const frames = [];
  for (let t = 0; t < dirs.length; t++) {
    for (const s of toClient.filter((m) => m.at === t)) prediction.reconcile(s.tick, s.y, s.ack);
    const input = prediction.steer(dirs[t]!);
    // A socket keeps the order: nothing overtakes what was sent before it.
    if (input) toServer.push({ at: Math.max(t + latency(t), toServer.at(-1)?.at ?? 0), seq: input.seq, dir: input.dir });
    prediction.tick();
    local = movePaddle(local, dirs[t]!, settings);
    for (const m of toServer.filter((m) => m.at === t)) Object.assign(server, { dir: m.dir, ack: m.seq });
    server.tick += 1;
    server.y = movePaddle(server.y, server.dir, settings);
    if (t % every === 0) toClient.push({ at: Math.max(t + latency(t), toClient.at(-1)?.at ?? 0), tick: server.tick, y: server.y, ack: server.ack });
    frames.push({ predicted: prediction.y, local, server: server.y });
  }
  return frames;
}

const hold = (dir: Direction, ticks: number): Direction[] => Array<Direction>(ticks).fill(dir);

describe('my paddle, predicted and reconciled', () => {
  it('moves at once with my keys, without waiting for the server', () => {
    const frames = play([...hold(1, 5)], 4, 1);
    expect(frames[0]!.predicted).toBeGreaterThan(FIELD.height / 2);
    expect(frames[0]!.server).toBe(FIELD.height / 2);
  });

  it('stays where my inputs put it while the server lags, and ends exactly where the server has it', () => {
    const dirs = [...hold(1, 20), ...hold(0, 5), ...hold(-1, 12), ...hold(1, 3), ...hold(0, 30)];
    const frames = play(dirs, 5, 1);
    for (const f of frames) expect(f.predicted).toBe(f.local);
    const last = frames.at(-1)!;
    expect(last.predicted).toBe(last.server);
  });

  it('converges to the server position with sparse snapshots and a paddle stopped by the wall', () => {
    const dirs = [...hold(-1, 50), ...hold(1, 7), ...hold(0, 2), ...hold(1, 4), ...hold(0, 40)];
    const frames = play(dirs, 7, 3);
    const last = frames.at(-1)!;
    expect(last.server).toBe(last.local);
    expect(last.predicted).toBe(last.server);
    // In between, off by at most the couple of ticks a sparse snapshot hides.
    for (const f of frames) expect(Math.abs(f.predicted - f.local)).toBeLessThanOrEqual(3 * 8);
  });

  it('takes the word of the server when it has my paddle elsewhere', () => {
    const frames = play([...hold(1, 10), ...hold(0, 20)], 4, 2, 100);
    const last = frames.at(-1)!;
    expect(last.server).toBe(100 + 10 * 8);
    expect(last.predicted).toBe(last.server);
  });

  it('settles on the server position when the latency jumps about and changes for good', () => {
    const dirs = [...hold(1, 15), ...hold(-1, 10), ...hold(1, 8), ...hold(0, 6), ...hold(-1, 12), ...hold(1, 5), ...hold(0, 40)];
    // 2–7 ticks of jitter at first, then a slower route of 10 ticks.
    const frames = play(dirs, (t) => (t < 40 ? 2 + ((t * 7) % 6) : 10), 1);
    // The server held each direction a little longer or shorter than I did: its word wins.
    const last = frames.at(-1)!;
    expect(last.predicted).toBe(last.server);
  });

  it('sends an input only when the direction changes', () => {
    const prediction = new PaddlePrediction(FIELD.height / 2, settings);
    expect(prediction.steer(0)).toBeNull();
    expect(prediction.steer(1)).toEqual({ t: 'input', seq: 1, dir: 1 });
    expect(prediction.steer(1)).toBeNull();
    expect(prediction.steer(-1)).toEqual({ t: 'input', seq: 2, dir: -1 });
    expect(prediction.steer(-1, true)).toEqual({ t: 'input', seq: 3, dir: -1 });
  });
});
