import { escapeHtml, raw, type Html } from './html';

/** Small inline SVG charts: no script, no build step, readable in a screenshot. */

export interface Bar {
  label: string;
  value: number;
  /** Shown at the end of the bar (defaults to the value). */
  text?: string;
}

/** Horizontal bars, one per row, scaled to the largest value. */
export function barChart(bars: readonly Bar[], options: { title: string; width?: number }): Html {
  const width = options.width ?? 560;
  const labelWidth = 190;
  const rowHeight = 24;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const barSpace = width - labelWidth - 90;
  const rows = bars.map((bar, index) => {
    const y = index * rowHeight + 4;
    const length = Math.max(1, Math.round((bar.value / max) * barSpace));
    return (
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(truncate(bar.label, 28))}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length}" height="16" rx="2" class="bar"/>` +
      `<text x="${labelWidth + length + 6}" y="${y + 15}">${escapeHtml(bar.text ?? String(bar.value))}</text>`
    );
  });
  return raw(
    `<svg class="chart" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}</svg>`,
  );
}

export interface TrendPoint {
  label: string;
  count: number;
  /** 0–1, or null when nothing was routed in the period. */
  rate: number | null;
}

/** Columns for volume per period with a line for a rate (right axis, 0–100%). */
export function trendChart(
  points: readonly TrendPoint[],
  options: { title: string; rateLabel: string },
): Html {
  const width = 720;
  const height = 220;
  const left = 40;
  const right = 44;
  const top = 12;
  const bottom = 40;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const max = Math.max(1, ...points.map((point) => point.count));
  const step = points.length === 0 ? plotWidth : plotWidth / points.length;
  const parts: string[] = [];
  parts.push(
    `<line x1="${left}" y1="${top + plotHeight}" x2="${left + plotWidth}" y2="${top + plotHeight}" class="axis"/>`,
  );
  parts.push(`<text x="${left - 6}" y="${top + 10}" text-anchor="end">${max}</text>`);
  parts.push(`<text x="${left + plotWidth + 6}" y="${top + 10}">100%</text>`);
  parts.push(`<text x="${left + plotWidth + 6}" y="${top + plotHeight}">0%</text>`);
  const labelEvery = Math.max(1, Math.ceil(points.length / 10));
  const line: string[] = [];
  points.forEach((point, index) => {
    const x = left + index * step;
    const barHeight = Math.round((point.count / max) * plotHeight);
    parts.push(
      `<rect x="${(x + step * 0.15).toFixed(1)}" y="${top + plotHeight - barHeight}" width="${(step * 0.7).toFixed(1)}" height="${barHeight}" class="bar"><title>${escapeHtml(`${point.label}: ${point.count}`)}</title></rect>`,
    );
    if (index % labelEvery === 0) {
      parts.push(
        `<text x="${(x + step / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(point.label.slice(5))}</text>`,
      );
    }
    if (point.rate !== null) {
      line.push(`${(x + step / 2).toFixed(1)},${(top + plotHeight - point.rate * plotHeight).toFixed(1)}`);
    }
  });
  if (line.length > 0) {
    parts.push(`<polyline points="${line.join(' ')}" class="rate-line"/>`);
    for (const point of line) {
      const [x, y] = point.split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="3" class="rate-dot"/>`);
    }
  }
  parts.push(
    `<text x="${left}" y="${height - 6}" class="legend">■ handoffs per period   ● ${escapeHtml(options.rateLabel)} (right axis)</text>`,
  );
  return raw(
    `<svg class="chart" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${parts.join('')}</svg>`,
  );
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
