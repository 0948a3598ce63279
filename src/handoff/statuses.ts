/** The five outcomes of CONTRACT §4 and the three priorities, shared by the playbook and its rules. */
export const HANDOFF_STATUSES = [
  'duplicate_or_existing',
  'disqualified',
  'needs_qualification',
  'sales_ready',
  'nurture',
] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const PRIORITIES = ['high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];
