import { escapeHtml, raw, type Html } from './html';

/** Small inline SVG charts: no script, no build step, readable in a screenshot. */

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar (defaults to the value). */
  text?: string;
}

/** Roughly how wide 11px system-ui text is, to keep every label inside the drawing. */
const textWidth = (text: string) => Math.ceil(text.length * 6.4) + 8;

/**
 * Horizontal bars, one per row, scaled to the largest value. The label column and the space after
 * the longest bar are sized from the texts, so no "100.0% (500 of" is cut at the edge.
 */
export function barChart(bars: readonly Bar[], options: { title: string; width?: number }): Html {
  const width = options.width ?? 640;
  const labels = bars.map((bar) => truncate(bar.label, 34));
  const labelWidth = Math.min(230, Math.max(80, ...labels.map(textWidth)));
  const valueWidth = Math.max(40, ...bars.map((bar) => textWidth(bar.text ?? String(bar.value))));
  const rowHeight = 24;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const barSpace = Math.max(60, width - labelWidth - valueWidth - 6);
  const rows = bars.map((bar, index) => {
    const y = index * rowHeight + 4;
    const length = Math.max(1, Math.round((bar.value / max) * barSpace));
    return (
      `<g class="bar-row"><title>${escapeHtml(`${bar.label}: ${bar.text ?? bar.value}`)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" class="bar-label">${escapeHtml(labels[index] as string)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length}" height="16" rx="2" class="bar"/>` +
      `<text x="${labelWidth + length + 6}" y="${y + 15}" class="bar-value">${escapeHtml(bar.text ?? String(bar.value))}</text></g>`
    );
  });
  return raw(
    `<svg class="chart bars" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" style="max-width:${width}px">${rows.join('')}</svg>`,
  );
}

export interface TrendPoint {
  /** The period's first day, YYYY-MM-DD. */
  label: string;
  count: number;
  /** 0–1, or null when nothing was routed in the period. */
  rate: number | null;
}

/** A round axis maximum and its tick step: 0, 5, 10… or 0, 20, 40… never 0, 7, 14. */
export function niceScale(max: number, ticks = 4): { max: number; step: number } {
  const rough = Math.max(1, max) / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= rough) ?? rough) as number;
  return { max: Math.max(step, Math.ceil(max / step) * step), step: Math.max(1, step) };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Nov 3" for 2026-11-03. */
export function shortDay(isoDay: string): string {
  const [, month, day] = isoDay.split('-').map(Number);
  return `${MONTHS[(month ?? 1) - 1]} ${day}`;
}

/**
 * Columns for volume per period and a line for a rate, with real axes: handoffs on the left with
 * round ticks and grid lines, the rate on the right from 0 to 100%, dates along the bottom.
 */
export function trendChart(
  points: readonly TrendPoint[],
  options: { title: string; rateLabel: string; period: 'day' | 'week' },
): Html {
  const [width, height, left, right, top, bottom] = [960, 260, 52, 52, 16, 58];
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const scale = niceScale(Math.max(0, ...points.map((point) => point.count)));
  const yOf = (value: number) => top + plotHeight - (value / scale.max) * plotHeight;
  const step = plotWidth / Math.max(1, points.length);
  const parts: string[] = [];
  for (let tick = 0; tick <= scale.max; tick += scale.step) {
    const y = yOf(tick).toFixed(1);
    const pct = Math.round((tick / scale.max) * 100);
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + plotWidth}" y2="${y}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${y}" dy="4" text-anchor="end" class="tick">${tick}</text>`);
    parts.push(`<text x="${left + plotWidth + 6}" y="${y}" dy="4" class="tick rate-tick">${pct}%</text>`);
  }
  parts.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotHeight}" class="axis"/>`);
  parts.push(
    `<line x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}" class="axis"/>`,
  );
  parts.push(
    `<text transform="translate(14 ${top + plotHeight / 2}) rotate(-90)" text-anchor="middle" class="axis-title">Handoffs per ${options.period}</text>`,
  );
  parts.push(
    `<text transform="translate(${width - 10} ${top + plotHeight / 2}) rotate(90)" text-anchor="middle" class="axis-title">${escapeHtml(options.rateLabel)}</text>`,
  );
  // A label at most every ~70px, so dates never overlap.
  const labelEvery = Math.max(1, Math.ceil(70 / step));
  const line: Array<[number, number]> = [];
  points.forEach((point, index) => {
    const x = left + index * step;
    const barTop = yOf(point.count);
    const when = options.period === 'week' ? `week of ${shortDay(point.label)}` : shortDay(point.label);
    const rate = point.rate === null ? 'nothing routed' : `${(point.rate * 100).toFixed(1)}% accepted`;
    parts.push(
      `<rect x="${(x + step * 0.15).toFixed(1)}" y="${barTop.toFixed(1)}" width="${(step * 0.7).toFixed(1)}" height="${(top + plotHeight - barTop).toFixed(1)}" class="bar"><title>${escapeHtml(`${when}: ${point.count} handoffs, ${rate}`)}</title></rect>`,
    );
    if (index % labelEvery === 0) {
      parts.push(
        `<text x="${(x + step / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle" class="tick x-tick">${escapeHtml(shortDay(point.label))}</text>`,
      );
    }
    if (point.rate !== null) line.push([x + step / 2, top + plotHeight - point.rate * plotHeight]);
  });
  if (line.length > 0) {
    parts.push(
      `<polyline points="${line.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" class="rate-line"/>`,
    );
    for (const [x, y] of line)
      parts.push(`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3" class="rate-dot"/>`);
  }
  parts.push(
    `<text x="${left}" y="${height - 8}" class="legend">■ handoffs per ${options.period} (left axis)    ● ${escapeHtml(options.rateLabel)} (right axis)</text>`,
  );
  return raw(
    `<svg class="chart trend" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">${parts.join('')}</svg>`,
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
