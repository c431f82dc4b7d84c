/**
 * V8 CPU profiles (Chromium's `Profiler.stop` answer, or the file `node --cpu-prof` writes) summed
 * up: by function, or the share of a process's CPU spent in some of its code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Each function's self time (ms), most first, named `name url:line`; `(idle)` and `(program)` included, as Chromium names them. */
export function selfTimes(profile: CpuProfile): { total: number; functions: { name: string; ms: number }[] } {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const sums = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i]!)?.callFrame;
    if (!frame) continue;
    const file = frame.url.split('/').at(-1) ?? '';
    const name = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    // A sample's time is the delta to the next one.
    sums.set(name, (sums.get(name) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const functions = [...sums].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  return { total: (profile.endTime - profile.startTime) / 1000, functions };
}

/**
 * The profile a process wrote into `dir` (`--cpu-prof-dir`): its CPU outside idle, and the part
 * under `files`, in ms. Each sample counts for the time since the one before it, and belongs to the
 * code when a frame of its stack is in one of the files named. An async function resumed after an
 * await is the root of its stack, so the statements it sends and what it does with their rows count
 * for it; the parsing of the database's answers (a socket callback) does not.
 */
export function cpuInFiles(dir: string, files: RegExp): { totalMs: number; inFilesMs: number } {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no CPU profile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as CpuProfile;
  const parent = new Map<number, number>();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inFiles = new Map<number, boolean>();
  const under = (id: number): boolean => {
    let found = inFiles.get(id);
    if (found === undefined) {
      const up = parent.get(id);
      found = files.test(byId.get(id)!.callFrame.url) || (up !== undefined && under(up));
      inFiles.set(id, found);
    }
    return found;
  };
  let [totalMs, inFilesMs] = [0, 0];
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)') return;
    totalMs += ms;
    if (under(id)) inFilesMs += ms;
  });
  return { totalMs, inFilesMs };
}
