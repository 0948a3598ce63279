import { Gauge, type Registry } from 'prom-client';
import { ACCOUNTABILITY_GAPS, countGaps, GAP_AGES } from '../handoff';
import type { Store } from '../store/store';

/** Leads read per scrape; more than this is an incident the admin list shows in full. */
const SCRAPE_LIMIT = 10_000;

/**
 * `handoff_handed_to_sales_gaps{gap,age}`: leads handed to sales that lack an owner, due time,
 * task, or a first action past due (CONTRACT §6), read from the store when Prometheus scrapes,
 * so it is right after a restart and across processes. It should read zero.
 */
export function registerAccountabilityGauge(registry: Registry, store: Store, now: () => number): Gauge {
  return new Gauge({
    name: 'handoff_handed_to_sales_gaps',
    help: 'Open leads handed to sales without owner, due time, task, or with the first action past due, by age',
    labelNames: ['gap', 'age'],
    registers: [registry],
    async collect() {
      const at = now();
      const counts = countGaps(await store.decisions.gaps({ now: at, limit: SCRAPE_LIMIT }), at);
      for (const gap of ACCOUNTABILITY_GAPS) {
        for (const age of GAP_AGES) this.set({ gap, age }, counts[gap][age]);
      }
    },
  });
}
