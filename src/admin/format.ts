import type { Cell } from '../reporting/metric-tables';

/** How the admin page writes numbers: rates with their counts, delays in human units. */

export function percent(value: Cell): string {
  return typeof value === 'number' ? `${(value * 100).toFixed(1)}%` : '–';
}

/** "42.1% (8 of 19)": a rate is never shown without the counts it divides. */
export function rateWithCounts(rateValue: Cell, part: Cell, whole: Cell): string {
  return `${percent(rateValue)} (${part ?? 0} of ${whole ?? 0})`;
}

export function duration(secondsValue: Cell): string {
  if (typeof secondsValue !== 'number') return '–';
  if (secondsValue < 60) return `${secondsValue.toFixed(1)} s`;
  if (secondsValue < 3600) return `${(secondsValue / 60).toFixed(1)} min`;
  if (secondsValue < 86_400 * 2) return `${(secondsValue / 3600).toFixed(1)} h`;
  return `${(secondsValue / 86_400).toFixed(1)} d`;
}

export function dateTime(ms: number | null): string {
  return ms === null ? '–' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
