/**
 * The share of a process's CPU spent in some of its code, from a V8 CPU profile (`node --cpu-prof`):
 * each sample counts for the time since the one before it, and belongs to the code when a frame of
 * its stack is in one of the files named. An async function resumed after an await is the root of
 * its stack, so the statements it sends and what it does with their rows count for it; the parsing
 * of the database's answers (a socket callback) does not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The profile a process wrote into `dir` (`--cpu-prof-dir`): its CPU outside idle, and the part under `files`, in ms. */
export function cpuInFiles(dir: string, files: RegExp): { totalMs: number; inFilesMs: number } {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no CPU profile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Profile;
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
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)') return;
    totalMs += ms;
    if (under(id)) inFilesMs += ms;
  });
  return { totalMs, inFilesMs };
}
