import type { Cell, ReportTable } from './metric-tables';

/**
 * Adds the names people read beside the ids a report groups by: the owner's name next to the owner
 * id, the reason's label next to the reason id. The ids stay in their own columns, so a CSV still
 * joins with HubSpot exports.
 */
export function withNames(
  table: ReportTable,
  names: { owners: ReadonlyMap<string, string>; reasons: ReadonlyMap<string, string> },
): ReportTable {
  let { columns, rows } = table;
  if (table.by === 'owner') {
    columns = insertAfter(columns, 'key', 'owner_name');
    rows = rows.map((row) => ({ ...row, owner_name: names.owners.get(String(row.key)) ?? null }));
  }
  if (table.name === 'reasons') {
    columns = insertAfter(columns, 'reason', 'reason_label');
    rows = rows.map((row) => ({ ...row, reason_label: labelOf(names.reasons, row.reason ?? null) }));
  }
  return { ...table, columns, rows };
}

function labelOf(labels: ReadonlyMap<string, string>, id: Cell): Cell {
  return typeof id === 'string' ? (labels.get(id) ?? null) : null;
}

function insertAfter(columns: readonly string[], after: string, column: string): string[] {
  const index = columns.indexOf(after);
  return [...columns.slice(0, index + 1), column, ...columns.slice(index + 1)];
}
