interface Scheduler {
  yield(): Promise<void>;
}

/**
 * Resolves in a later task, so that the browser may handle input and paint in between:
 * `scheduler.yield()` where there is one (its continuation goes ahead of other queued tasks),
 * a timer elsewhere.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}
