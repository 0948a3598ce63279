import type { Generated, Kysely, Selectable } from 'kysely';
import type { LeadStage, StageCause } from '../handoff/lead-stages';
import type { StoreDatabase } from './schema';
import type { StoreContext } from './store-context';

/**
 * The stages each contact entered, per handoff round (CONTRACT §5): the card's timeline and the
 * funnel reports read them. Rows are only ever added; a stage entered twice in one round keeps its
 * first row.
 */
export interface StageTransitionsTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  round: number;
  stage: LeadStage;
  /** When it happened (the event's, activity's or request's time), epoch ms. */
  entered_at: number;
  cause: StageCause;
  detail: string | null;
  recorded_at: number;
}

export interface StageTransitionTables {
  stage_transitions: StageTransitionsTable;
}

export interface StoredStageTransition {
  id: number;
  portalId: number;
  contactId: string;
  round: number;
  stage: LeadStage;
  /** Epoch ms: when it happened (event/activity time, not processing time). */
  enteredAt: number;
  cause: StageCause;
  detail: string | null;
  recordedAt: number;
}

export type NewStageTransition = Omit<StoredStageTransition, 'id'>;

export interface StageTransitionFilter {
  portalId: number;
  contactIds?: string[];
  /** Inclusive bounds on `enteredAt`. */
  from?: number;
  to?: number;
}

/** Rows per INSERT: far below both engines' bound-parameter limits (9 columns a row). */
const CHUNK = 500;

/** Inserts the rows not recorded yet; returns how many were new. */
export async function recordStageTransitions(
  db: Kysely<StoreDatabase>,
  rows: NewStageTransition[],
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const stored = await db
      .insertInto('stage_transitions')
      .values(rows.slice(start, start + CHUNK).map(toRow))
      .onConflict((conflict) => conflict.columns(['portal_id', 'contact_id', 'round', 'stage']).doNothing())
      .returning('id')
      .execute();
    inserted += stored.length;
  }
  return inserted;
}

/** Oldest first (by round, then time, then the order recorded). */
export async function stageTransitions(
  db: Kysely<StoreDatabase>,
  filter: StageTransitionFilter,
): Promise<StoredStageTransition[]> {
  if (filter.contactIds?.length === 0) return [];
  const rows = await db
    .selectFrom('stage_transitions')
    .selectAll()
    .where('portal_id', '=', filter.portalId)
    .$if(filter.contactIds !== undefined, (query) => query.where('contact_id', 'in', filter.contactIds ?? []))
    .$if(filter.from !== undefined, (query) => query.where('entered_at', '>=', filter.from as number))
    .$if(filter.to !== undefined, (query) => query.where('entered_at', '<=', filter.to as number))
    .orderBy('contact_id')
    .orderBy('round')
    .orderBy('entered_at')
    .orderBy('id')
    .execute();
  return rows.map(toStoredStageTransition);
}

function toRow(row: NewStageTransition): Omit<Selectable<StageTransitionsTable>, 'id'> {
  return {
    portal_id: row.portalId,
    contact_id: row.contactId,
    round: row.round,
    stage: row.stage,
    entered_at: row.enteredAt,
    cause: row.cause,
    detail: row.detail,
    recorded_at: row.recordedAt,
  };
}

function toStoredStageTransition(row: Selectable<StageTransitionsTable>): StoredStageTransition {
  return {
    id: Number(row.id),
    portalId: Number(row.portal_id),
    contactId: row.contact_id,
    round: Number(row.round),
    stage: row.stage,
    enteredAt: Number(row.entered_at),
    cause: row.cause,
    detail: row.detail,
    recordedAt: Number(row.recorded_at),
  };
}

/** The lifecycle stages each handoff round entered (CONTRACT §5). */
export interface StageTransitions {
  /**
   * Records stages entered (CONTRACT §5); a row whose (portal, contact, round, stage) is already
   * recorded is skipped, so a repeated trigger records nothing new. Returns how many were new.
   */
  record(rows: NewStageTransition[]): Promise<number>;
  /** Stage transitions of a portal, oldest first per contact; `from`/`to` bound `enteredAt`. */
  list(filter: StageTransitionFilter): Promise<StoredStageTransition[]>;
}

export class KyselyStageTransitions implements StageTransitions {
  constructor(private readonly store: StoreContext) {}

  async record(rows: NewStageTransition[]): Promise<number> {
    if (rows.length === 0) return 0;
    return this.store.atomically((db) => recordStageTransitions(db, rows));
  }

  list(filter: StageTransitionFilter): Promise<StoredStageTransition[]> {
    return stageTransitions(this.store.db(), filter);
  }
}
