import { Counter, type Registry } from 'prom-client';

/** One labelled series of a {@link bufferedCounter}: `inc()` adds to a plain number. */
export interface BufferedSeries {
  inc(amount?: number): void;
}

/** A counter whose series are found by their label values and counted in plain numbers. */
export interface BufferedCounter<Labels extends Record<string, string>> {
  /** The series of these label values, created on first use. */
  get(labels: Labels): BufferedSeries;
  /** Removes the series `matches` picks, from the exported metric too. */
  forget(matches: (labels: Labels) => boolean): void;
  /** The prom-client metric the counts are exported through. */
  readonly metric: Counter<Extract<keyof Labels, string>>;
}

/**
 * A prom-client counter for series moved on every request: each increment adds to a number kept
 * under a string key of the label values, and what was counted since the last read is handed to
 * prom-client when the metric is read (`collect`, run by every scrape and `get()`), once per series.
 * prom-client itself sorts, hashes and validates the label object on every `inc`, even through a
 * child from `labels()`. What a scrape shows is the same; only the work moves to the scrape.
 * @example
 * const requests = bufferedCounter<{ path: string }>({ name: 'requests_total', help: 'Requests.', labelNames: ['path'], registers: [registry] });
 * requests.get({ path: '/v1/messages' }).inc();
 */
export function bufferedCounter<Labels extends Record<string, string>>(config: {
  name: string;
  help: string;
  labelNames: ReadonlyArray<Extract<keyof Labels, string>>;
  registers: Registry[];
}): BufferedCounter<Labels> {
  const series = new Map<string, { labels: Labels; pending: number; inc(amount?: number): void }>();
  const metric = new Counter<Extract<keyof Labels, string>>({
    name: config.name,
    help: config.help,
    labelNames: config.labelNames,
    registers: config.registers,
    collect() {
      for (const entry of series.values()) {
        if (entry.pending === 0) continue;
        this.inc(entry.labels, entry.pending);
        entry.pending = 0;
      }
    },
  });
  return {
    metric,
    get(labels) {
      let key = '';
      for (const name in labels) key += `${labels[name]}\u0000`;
      let entry = series.get(key);
      if (entry === undefined) {
        const created = {
          labels,
          pending: 0,
          inc(amount = 1) {
            created.pending += amount;
          },
        };
        series.set(key, (entry = created));
      }
      return entry;
    },
    forget(matches) {
      for (const [key, entry] of series) {
        if (!matches(entry.labels)) continue;
        metric.remove(entry.labels);
        series.delete(key);
      }
    },
  };
}
