import type { HandoffStatus } from './playbook';

/**
 * CONTRACT §5 and §6: a lead is handed to sales (stage `mql`) when it is sales-ready, needs
 * qualification, or is an existing account or duplicate with an owner; every such lead must have
 * an owner, a response due time and a follow-up task.
 */

export interface HandedOffLead {
  status: HandoffStatus | string;
  ownerId: string | null | undefined;
}

export const HANDED_TO_SALES_STATUSES = [
  'sales_ready',
  'needs_qualification',
  'duplicate_or_existing',
] as const;

export function isHandedToSales(lead: HandedOffLead): boolean {
  if (lead.status === 'duplicate_or_existing') return Boolean(lead.ownerId);
  return lead.status === 'sales_ready' || lead.status === 'needs_qualification';
}

/** Which decisions get the owner's follow-up task: every lead handed to sales that has an owner. */
export function needsFollowUpTask(lead: HandedOffLead): boolean {
  return isHandedToSales(lead) && Boolean(lead.ownerId);
}
