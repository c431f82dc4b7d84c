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
  return tasks.map((task) => {
    const end = task.ts + task.dur!;
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts + e.dur! <= end);
    // Direct children: not inside another event of the task.
    const direct = inside.filter((e) => !inside.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur! >= e.ts + e.dur! && o.dur! > e.dur!));
    const parts = new Map<string, number>();
    for (const e of direct) {
      const where = e.args?.data?.functionName || e.args?.data?.url ? ` ${e.args.data.functionName ?? ''} ${e.args.data.url?.split('/').at(-1) ?? ''}` : '';
      parts.set(`${e.name}${where}`, (parts.get(`${e.name}${where}`) ?? 0) + e.dur! / 1000);
    }
    return { ms: task.dur! / 1000, cpu: (task.tdur ?? task.dur!) / 1000, parts: [...parts].sort((a, b) => b[1] - a[1]) };
  });
}
