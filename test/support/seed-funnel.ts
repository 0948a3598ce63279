import { seededRandom } from '../../simulator/random';
import type { NewStageTransition, Store } from '../../src/store/store';
import { SEED_NOW, SEED_PORTAL_ID } from './seed-reporting';

const HOUR = 3_600_000;
const ROUTED = new Set(['sales_ready', 'needs_qualification', 'duplicate_or_existing']);

/**
 * Stage transitions for the leads `seedReporting` routed, as the stage machine records them: an
 * MQL at the decision, then acceptance, qualification and deals at seeded rates and delays (some
 * deals skip SQL, stamped `skipped`), some sent back or disqualified. Returns the rows recorded.
 */
export async function seedFunnel(store: Store, portalId = SEED_PORTAL_ID): Promise<number> {
  const next = seededRandom(20_261_130);
  const decisions = await store.reports.decisions({ portalId, from: 0, to: SEED_NOW + 1, limit: 10_000 });
  const rows: NewStageTransition[] = [];
  for (const decision of decisions) {
    if (!ROUTED.has(decision.status) || decision.ownerId === null) continue;
    let at = decision.decidedAt;
    const add = (stage: NewStageTransition['stage'], cause: NewStageTransition['cause']) =>
      rows.push({
        portalId,
        contactId: decision.contactId,
        round: decision.round,
        stage,
        enteredAt: at,
        cause,
        detail: null,
        recordedAt: at,
      });
    const later = (maxHours: number) =>
      (at = Math.min(SEED_NOW - 1, at + Math.ceil(next() * maxHours * HOUR)));
    add('mql', 'decision');
    if (next() < 0.25) continue; // still waiting
    later(30);
    if (next() < 0.15) {
      add('recycled', 'no_response');
      continue;
    }
    add('sal', next() < 0.5 ? 'card_action' : 'sales_activity');
    if (next() < 0.45) continue;
    later(96);
    if (next() < 0.2) {
      add('disqualified', 'card_action');
      continue;
    }
    if (next() < 0.15) {
      add('sql', 'skipped');
      add('opportunity', 'deal_association');
      continue;
    }
    add('sql', 'hubspot_edit');
    if (next() < 0.5) continue;
    later(120);
    add('opportunity', 'deal_association');
  }
  return store.stages.record(rows);
}
