import { percent } from './format';
import { escapeHtml, raw, type Html } from './html';

export interface FunnelStep {
  /** `mql`, `sal`, `sql`, `opportunity`. */
  stage: string;
  label: string;
  count: number;
  /** Over the stage before it; null for the first stage or when nothing reached the one before. */
  rate: number | null;
}

/**
 * The funnel as centred bars, one per stage, each as wide as its count against the first stage,
 * with the count and the step's conversion beside it. Each stage carries its raw figures in
 * `data-*` attributes, which the browser test checks against the JSON API.
 */
export function funnelChart(steps: readonly FunnelStep[], options: { title: string }): Html {
  const width = 640;
  const rowHeight = 44;
  const labelWidth = 120;
  const barSpace = width - labelWidth - 170;
  const height = steps.length * rowHeight + 8;
  const top = Math.max(1, steps[0]?.count ?? 0);
  const rows = steps.map((step, index) => {
    const y = index * rowHeight + 4;
    const length = Math.max(2, Math.round((step.count / top) * barSpace));
    const x = labelWidth + (barSpace - length) / 2;
    const conversion =
      step.rate === null ? '' : ` · ${percent(step.rate)} of ${steps[index - 1]?.label ?? ''}`;
    return (
      `<g class="funnel-stage" data-stage="${escapeHtml(step.stage)}" data-count="${step.count}" data-rate="${step.rate ?? ''}">` +
      `<text x="${labelWidth - 10}" y="${y + 24}" text-anchor="end">${escapeHtml(step.label)}</text>` +
      `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${length}" height="30" rx="3" class="bar"/>` +
      `<text x="${labelWidth + barSpace + 10}" y="${y + 24}">${escapeHtml(`${step.count}${conversion}`)}</text>` +
      `</g>`
    );
  });
  return raw(
    `<svg class="chart funnel" role="img" aria-label="${escapeHtml(options.title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${rows.join('')}</svg>`,
  );
}
