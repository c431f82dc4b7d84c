/** Chromium traces (`browser.startTracing`, the timeline categories) read for what took the page's main thread. */

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's own time (CPU), µs: less than `dur` when the thread was not running. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { functionName?: string; url?: string; frames?: { functionName: string; url: string }[] } };
}

/** Each task over 50 ms on the page's main thread, with the time of the events directly under it, by what they were. */
export function longTasksOf(events: TraceEvent[]): { ms: number; cpu: number; parts: [string, number][] }[] {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! > 50_000);
  return tasks.map((task) => ({ ms: task.dur! / 1000, cpu: (task.tdur ?? task.dur!) / 1000, parts: partsOf(task, onMain) }));
}

/** The direct children of `task` among `events` (those not inside another of them), each named by what it ran. */
function partsOf(task: TraceEvent, events: TraceEvent[]): [string, number][] {
  const end = task.ts + task.dur!;
  const inside = events.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
  const direct = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
  const parts = new Map<string, number>();
  for (const e of direct) {
    const where = e.args?.data?.functionName || e.args?.data?.url ? ` ${e.args.data.functionName ?? ''} ${e.args.data.url?.split('/').at(-1) ?? ''}` : '';
    parts.set(`${e.name}${where}`, (parts.get(`${e.name}${where}`) ?? 0) + e.dur! / 1000);
  }
  return [...parts].sort((a, b) => b[1] - a[1]);
}

/**
 * A page load laid out in time from its navigation's start: the main thread's tasks of at least
 * `minMs` (start, wall and own time, what they ran) and the paints the browser marked, up to `untilMs`.
 */
export function openOf(events: TraceEvent[], untilMs: number, minMs = 1): { marks: [string, number][]; tasks: { at: number; ms: number; cpu: number; parts: [string, number][] }[] } {
  const starts = events.filter((e) => e.name === 'navigationStart');
  const start = starts.at(-1);
  if (!start) return { marks: [], tasks: [] };
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && e.pid === start.pid);
  const onMain = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const at = (e: TraceEvent): number => (e.ts - start.ts) / 1000;
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.dur! >= minMs * 1000 && at(e) + e.dur! / 1000 >= -20 && at(e) <= untilMs);
  const marked = ['firstPaint', 'firstContentfulPaint', 'largestContentfulPaint::Candidate', 'domContentLoadedEventStart', 'loadEventStart', 'CommitLoad', 'unloadEventStart', 'pagehide'];
  const marks = events.filter((e) => marked.includes(e.name) && at(e) >= -50 && at(e) <= untilMs + 50).map((e): [string, number] => [e.name, at(e)]);
  return { marks: marks.sort((a, b) => a[1] - b[1]), tasks: tasks.map((task) => ({ at: at(task), ms: task.dur! / 1000, cpu: (task.tdur ?? task.dur!) / 1000, parts: partsOf(task, onMain) })) };
}

/** What a trace of the open records: the main thread's tasks, what ran in them, the paints. */
export const OPEN_TRACE = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing', 'loading', 'navigation'];

/** The open's main-thread tasks of 1 ms or more, in time from the navigation's start, and the paints. */
export function printOpen(events: TraceEvent[], newest: number): void {
  const { marks, tasks } = openOf(events, newest);
  console.log(`\nthe open, traced (newest on screen at ${newest.toFixed(0)} ms); at ms: wall / own ms, what ran`);
  const lines = [...marks.map(([name, at]) => ({ at, text: `-- ${name}` })), ...tasks.map((t) => ({ at: t.at, text: `${t.ms.toFixed(1).padStart(6)} / ${t.cpu.toFixed(1).padStart(5)}  ${t.parts.slice(0, 4).map(([what, ms]) => `${what.trim()} ${ms.toFixed(1)}`).join('; ')}` }))];
  for (const line of lines.sort((a, b) => a.at - b.at)) console.log(`${line.at.toFixed(1).padStart(7)}  ${line.text}`);
}
