import { cpus, loadavg } from 'node:os';

const three = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');

/**
 * The line printed beside a benchmark's figures on a shared machine: the load average when the
 * measure began (`before`, from `loadavg()`) and now, each with what the moment was.
 */
export function loadLine(before: number[], beforeLabel: string, nowLabel: string): string {
  return `load average (1 / 5 / 15 min): ${three(before)} ${beforeLabel}, ${three(loadavg())} ${nowLabel} (${cpus().length} cores)`;
}
