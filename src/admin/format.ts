import { HANDOFF_PROPERTIES } from '../hubspot/property-definitions';
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

/** A fraction people read: at most two decimals, no float noise ("0.94", never 0.9400000000000001). */
export function decimal(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Whole counts with thousands separators: "1,240". */
export function count(value: Cell): string {
  return typeof value === 'number' ? value.toLocaleString('en-US') : '–';
}

const OPTION_LABELS = new Map(
  HANDOFF_PROPERTIES.filter((p) => p.name === 'handoff_status' || p.name === 'handoff_outcome').flatMap(
    (property) => (property.options ?? []).map((option) => [option.value, option.label] as const),
  ),
);

/** A status or outcome as the HubSpot property option reads to marketing: "Sales-ready", "Nurture-ready". */
export function statusLabel(value: string): string {
  const label = OPTION_LABELS.get(value);
  if (label) return label;
  const text = value.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
