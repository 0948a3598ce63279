import type { StageEvent } from './lead-stages';
import type { Playbook } from './playbook';

/**
 * HubSpot's Leads object (playbook option, off by default; CONTRACT §5): each lead handed to sales
 * with an owner also gets one HubSpot lead, worked in HubSpot's prospecting workspace, and that
 * lead's pipeline stage moves feed the handoff stage.
 */

const LABELS: Record<string, 'HOT' | 'WARM' | 'COLD'> = { high: 'HOT', medium: 'WARM', low: 'COLD' };

/** The properties of the HubSpot lead for a handed-off contact (`hs_lead_name` is required). */
export function hubspotLeadProperties(
  lead: { contactId: string; ownerId: string; priority: string | null; email?: string; company?: string },
  settings: Playbook['stages']['leadsObject'],
): Record<string, string> {
  const who = lead.email ?? `Contact ${lead.contactId}`;
  const properties: Record<string, string> = {
    hs_lead_name: (lead.company ? `${who} (${lead.company})` : who).slice(0, 200),
    hubspot_owner_id: lead.ownerId,
    hs_lead_type: settings.leadType,
  };
  const label = lead.priority ? LABELS[lead.priority] : undefined;
  if (label) properties.hs_lead_label = label;
  return properties;
}

/** The stage event of a HubSpot lead moved to `stageId`, or null for stages that move nothing. */
export function leadStageEvent(
  stageId: string,
  at: number,
  settings: Playbook['stages']['leadsObject'],
): StageEvent | null {
  const moves = settings.stageMoves;
  const detail = `HubSpot lead stage ${stageId}`;
  if (moves.accepted.includes(stageId)) return { trigger: 'accepted', at, cause: 'lead_stage', detail };
  if (moves.qualified.includes(stageId)) return { trigger: 'qualified', at, cause: 'lead_stage', detail };
  if (moves.disqualified.includes(stageId))
    return { trigger: 'disqualified', at, cause: 'lead_stage', detail };
  return null;
}
