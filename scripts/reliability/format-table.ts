import type { TestResult } from './result';

/** The suite's table in Markdown, one line per test: its figures, their goals and whether met. */
export function formatTable(results: readonly TestResult[]): string {
  const lines = ['| test | figures | goal | met | detail | s |', '|---|---|---|---|---|---|'];
  for (const result of results) {
    const figures = result.checks.map((check) => `${check.name} ${check.value}`).join(', ');
    const goals = result.checks.map((check) => check.goal).join(', ');
    const missed = result.checks.filter((check) => !check.met).map((check) => check.name);
    const met = result.skipped
      ? 'skipped'
      : result.error
        ? 'error'
        : missed.length === 0
          ? 'yes'
          : `no (${missed.join(', ')})`;
    const detail = result.skipped ?? (result.error ? `${result.detail}; ${result.error}` : result.detail);
    lines.push(
      `| ${result.test} | ${figures || '-'} | ${goals || '-'} | ${met} | ${detail.replace(/\|/g, '/')} | ${result.seconds.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

/** Goals of `--gate` that failed (or tests that could not finish), named for the exit message. */
export function gateFailures(results: readonly TestResult[]): string[] {
  return results.flatMap((result) => [
    ...(result.error ? [`${result.test}: ${result.error}`] : []),
    ...result.checks
      .filter((check) => check.gated && !check.met)
      .map((check) => `${result.test}: ${check.name} ${check.value} (goal ${check.goal})`),
  ]);
}
