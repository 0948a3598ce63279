/** One line of the bench's table: a figure, what was measured, and its goal from issue 16. */
export interface BenchRow {
  section: string;
  figure: string;
  /** Null: the part did not run (say why in `unit`). */
  value: number | null;
  unit: string;
  digits?: number;
  goal?: { text: string; met: (value: number) => boolean };
}

/** The table as Markdown, so the README can show a run's output as printed. */
export function formatBenchTable(rows: readonly BenchRow[]): string {
  const lines = ['| Part | Figure | Measured | Goal | Met |', '| --- | --- | --- | --- | --- |'];
  for (const row of rows) {
    const measured =
      row.value === null
        ? `not run (${row.unit})`
        : `${row.value.toFixed(row.digits ?? 0)} ${row.unit}`.trim();
    const met = row.value === null || !row.goal ? '' : row.goal.met(row.value) ? 'yes' : 'no';
    lines.push(`| ${row.section} | ${row.figure} | ${measured} | ${row.goal?.text ?? ''} | ${met} |`);
  }
  return lines.join('\n');
}

export const atMost = (limit: number, text: string) => ({ text, met: (value: number) => value <= limit });
export const atLeast = (limit: number, text: string) => ({ text, met: (value: number) => value >= limit });
