import type { StageFieldSettings } from './record-outcome';
import type { StageEntry, StageEvent } from '../handoff/lead-stages';
import { stageProperties } from '../handoff/stage-properties';
import { stagesToRecord } from '../handoff/stage-triggers';
import type { Store } from '../store/store';

/**
 * Stage moves of a batch of contacts outside an outcome (a logged sales activity, `lifecyclestage`
 * set by a person): what each contact enters, from the store's record and its latest decision, and
 * the properties that say so in HubSpot. Contacts whose stage does not move get no entry, so a
 * repeated or echoed signal costs no HubSpot call.
 */
export interface StageMove {
  contactId: string;
  entered: StageEntry[];
  properties: Record<string, string>;
}

export async function planStageMoves(
  deps: { store: Store; stageFields: () => Promise<StageFieldSettings> },
  portalId: number,
  signals: Map<string, StageEvent[]>,
  current: (contactId: string) => Readonly<Record<string, string | null | undefined>> = () => ({}),
): Promise<StageMove[]> {
  const contactIds = [...signals.keys()];
  if (contactIds.length === 0) return [];
  const [recorded, decisions] = await Promise.all([
    deps.store.stages.list({ portalId, contactIds }),
    deps.store.decisions.latest(portalId, contactIds),
  ]);
  const moves: StageMove[] = [];
  let fields: StageFieldSettings | undefined;
  for (const [contactId, events] of signals) {
    const rows = recorded.filter((row) => row.contactId === contactId);
    const entered = stagesToRecord(rows, decisions.get(contactId), events);
    if (entered.length === 0) continue;
    fields ??= await deps.stageFields();
    moves.push({
      contactId,
      entered,
      properties: stageProperties({ entered, current: current(contactId), ...fields }),
    });
  }
  return moves;
}

/** Records the moves' stages (in the transaction that completes the events that caused them). */
export async function recordStageMoves(
  tx: Store,
  portalId: number,
  moves: StageMove[],
  now: number,
): Promise<void> {
  await tx.stages.record(
    moves.flatMap((move) =>
      move.entered.map((entry) => ({ portalId, contactId: move.contactId, ...entry, recordedAt: now })),
    ),
  );
}
