/** A server process's CPU time, read from /proc (Linux clock ticks of 10 ms). */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * CPU time (user + system, ms) the process has used: per message sent, it says what a message
 * costs the server whatever else the machine runs.
 */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Waits until the servers have finished with the connections (rooms loaded and looked after, first
 * awareness relayed): each under 10 % of a core over half a second, or 15 s at most. What they spend
 * on opening sockets is no part of what a message costs.
 */
export async function quiet(...pids: number[]): Promise<void> {
  const until = performance.now() + 15_000;
  for (let before = pids.map(cpuMs); performance.now() < until; ) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const now = pids.map(cpuMs);
    if (now.every((ms, i) => ms - before[i]! < 50)) return;
    before = now;
  }
}
