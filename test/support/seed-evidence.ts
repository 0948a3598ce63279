import { PRIORITIES } from '../../src/handoff/statuses';
import type { EvidenceLead } from '../../src/evidence/evidence-leads';
import type { NewStageTransition, Store } from '../../src/store/store';

/**
 * Stores evidence leads as the app stores them: one decision per lead whose record carries the
 * score lines, rule checks and playbook version, and the stage transitions of its round. Reading
 * them back through the store must give the same leads.
 */
export async function seedEvidence(
  store: Store,
  portalId: number,
  leads: readonly EvidenceLead[],
  version = 'pb-seeded1',
): Promise<void> {
  const transitions: NewStageTransition[] = [];
  for (const lead of leads) {
    const handed = lead.reached.mql !== undefined;
    await store.decisions.save({
      portalId,
      contactId: lead.contactId,
      round: lead.round,
      status: lead.status,
      priority: PRIORITIES.find((priority) => priority === lead.priority) ?? null,
      ownerId: handed ? '7001' : null,
      match: 'none',
      companyId: null,
      dealId: null,
      reason: 'seeded for evidence',
      properties: {
        handoff_source: lead.source,
        ...(lead.offer === '(none)' ? {} : { handoff_offer: lead.offer }),
      },
      record: {
        version: 1,
        contactId: lead.contactId,
        decidedAt: new Date(lead.decidedAt).toISOString(),
        playbookVersion: version,
        checks: [
          {
            step: 1,
            rule: 'duplicate_or_existing',
            applied: false,
            detail: 'no existing account or contact',
          },
          { step: 2, rule: 'disqualified', applied: false, detail: 'no disqualifying rule' },
          {
            step: 3,
            rule: 'needs_qualification',
            applied: lead.missingContext,
            detail: lead.missingContext ? 'missing role; intent 20' : 'company and role known; intent 20',
          },
          { step: 4, rule: 'sales_ready', applied: handed && !lead.missingContext, detail: 'seeded' },
          { step: 5, rule: 'nurture', applied: !handed && !lead.missingContext, detail: 'seeded' },
        ],
        fit: lead.fit,
        intent: { ...lead.intent, explicit: [], conversions: [] },
        routing: { steps: [], source: 'none', skipped: [], setContactOwner: false },
      },
      eventKey: `seed:${lead.contactId}`,
      decidedAt: lead.decidedAt,
      slaDueAt: null,
      slaStatus: null,
      playbookVersion: version,
    });
    for (const [stage, at] of Object.entries(lead.reached)) {
      transitions.push({
        portalId,
        contactId: lead.contactId,
        round: lead.round,
        stage: stage as NewStageTransition['stage'],
        enteredAt: at,
        cause: stage === 'mql' ? 'decision' : 'card_action',
        detail: null,
        recordedAt: at,
      });
    }
  }
  await store.stages.record(transitions);
}
