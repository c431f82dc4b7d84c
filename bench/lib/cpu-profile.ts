/** A Chromium CPU profile (the DevTools protocol's `Profiler.stop` answer) summed up by function. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
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
