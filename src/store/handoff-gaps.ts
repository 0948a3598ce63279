import type { Kysely } from 'kysely';
import { toStoredDecision } from './decision-queries';
import type { StoreDatabase } from './schema';
import type { StoredDecision } from './decisions';

/** Statuses that mean "for sales" (an existing account without an owner is the gap itself). */
const FOR_SALES = ['sales_ready', 'needs_qualification', 'duplicate_or_existing'];

/**
 * CONTRACT §6's check: open decisions of the latest round meant for sales that lack an owner, a
 * due time or a task, or whose first action is past due; every portal's when none is named.
 * Oldest first; should be empty.
 */
export async function handoffGaps(
  db: Kysely<StoreDatabase>,
  filter: { portalId?: number; now: number; limit: number },
): Promise<StoredDecision[]> {
  const rows = await db
    .selectFrom('handoff_decisions as d')
    .selectAll('d')
    .$if(filter.portalId !== undefined, (query) => query.where('d.portal_id', '=', filter.portalId as number))
    .where('d.closed_at', 'is', null)
    .where('d.status', 'in', FOR_SALES)
    .where(({ or, eb }) =>
      or([
        eb('d.owner_id', 'is', null),
        eb('d.sla_due_at', 'is', null),
        eb('d.tasks_created_at', 'is', null),
        eb.and([eb('d.first_action_at', 'is', null), eb('d.sla_due_at', '<', filter.now)]),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('handoff_decisions as later')
            .select('later.id')
            .whereRef('later.portal_id', '=', 'd.portal_id')
            .whereRef('later.contact_id', '=', 'd.contact_id')
            .whereRef('later.round', '>', 'd.round'),
        ),
      ),
    )
    .orderBy('d.decided_at')
    .orderBy('d.id')
    .limit(filter.limit)
    .execute();
  return rows.map(toStoredDecision);
}
