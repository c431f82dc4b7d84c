import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Resident set size of a process, in bytes (Linux). */
export function rssOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  if (!line) throw new Error(`no VmRSS for ${pid}`);
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** The process's RSS and that of every process it started, and theirs (a server with its helpers), in bytes. */
export function treeRssOf(pid: number): number {
  let children: number[] = [];
  try {
    children = readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    // Gone meanwhile: its own RSS throws below if it is.
  }
  return rssOf(pid) + children.reduce((sum, child) => sum + (existsSync(`/proc/${child}`) ? treeRssOf(child) : 0), 0);
}
