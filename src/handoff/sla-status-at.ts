export type SlaStatus = 'pending' | 'met' | 'breached';

/**
 * `handoff_sla_status` as it stood at `now`: met by a first action at or before the due time,
 * breached by one after it or by none once the due time has passed, pending otherwise. An
 * action stamped after `now` has not happened yet at `now`, so replaying history gives the
 * status each moment really had.
 */
export function slaStatusAt(dueAt: number, firstActionAt: number | null | undefined, now: number): SlaStatus {
  const acted = firstActionAt !== null && firstActionAt !== undefined && firstActionAt <= now;
  if (acted) return firstActionAt <= dueAt ? 'met' : 'breached';
  return now > dueAt ? 'breached' : 'pending';
}
