/**
 * A Volley process's event-loop delay, read from its metrics port (prom-client's
 * `nodejs_eventloop_lag_*`, whose histogram starts afresh at every scrape): call once to open a
 * window, then again to read the window's p99 and max. The histogram holds the time between its
 * samples (core/src/metrics.ts; a checkout measured with --root may sample at another interval):
 * what is read is the delay beyond that, the window's min taken off, so that builds compare.
 */
export interface LoopLag {
  p99: number;
  max: number;
}

export async function loopLag(metricsPort: number): Promise<LoopLag> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const read = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1] ?? Number.NaN) * 1000;
  const min = read('nodejs_eventloop_lag_min_seconds');
  return { p99: read('nodejs_eventloop_lag_p99_seconds') - min, max: read('nodejs_eventloop_lag_max_seconds') - min };
}
