import { z } from 'zod/v4';
import { LEAD_STAGES, type LeadStage } from './lead-stages';

/** HubSpot's default `hs_lead_status` options (HUBSPOT-NOTES), one per stage. */
export const DEFAULT_LEAD_STATUS: Partial<Record<LeadStage, string>> = {
  mql: 'NEW',
  sal: 'IN_PROGRESS',
  sql: 'CONNECTED',
  opportunity: 'OPEN_DEAL',
  recycled: 'BAD_TIMING',
  disqualified: 'UNQUALIFIED',
};

/**
 * The default lead pipeline's stages (HUBSPOT-NOTES): attempting or connected is the owner at work
 * (SAL), qualified is an SQL, unqualified leaves the funnel as disqualified (a rep judged it, as
 * with the card's disqualify; there is no reason to send it back to marketing by default).
 */
export const DEFAULT_LEAD_STAGE_MOVES = {
  accepted: ['attempting-stage-id', 'connected-stage-id'],
  qualified: ['qualified-stage-id'],
  disqualified: ['unqualified-stage-id'],
};

/**
 * CONTRACT §5: HubSpot's own funnel fields follow the handoff stage, so HubSpot's reports see the
 * handoff too. Each can be turned off; the Leads object (Sales Hub Professional and up) is off
 * until RevOps turn it on, and only then does the app ask for the Leads scopes.
 */
export const stagesSchema = z
  .strictObject({
    /** `lifecyclestage` moves forward only: MQL, SQL, opportunity; never past a stage already set. */
    lifecycleStage: z.boolean().default(true),
    leadStatus: z
      .strictObject({
        enabled: z.boolean().default(true),
        /** `hs_lead_status` option per stage; a value the portal lacks is skipped, never created. */
        byStage: z.partialRecord(z.enum(LEAD_STAGES), z.string().min(1)).default(DEFAULT_LEAD_STATUS),
      })
      .default({ enabled: true, byStage: DEFAULT_LEAD_STATUS }),
    leadsObject: z
      .strictObject({
        enabled: z.boolean().default(false),
        /** `hs_lead_type` of the leads Handoff creates. */
        leadType: z.string().min(1).default('NEW_BUSINESS'),
        /** Lead pipeline stage ids (`hs_pipeline_stage`) that move the handoff stage. */
        stageMoves: z
          .strictObject({
            accepted: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.accepted),
            qualified: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.qualified),
            disqualified: z.array(z.string().min(1)).default(DEFAULT_LEAD_STAGE_MOVES.disqualified),
          })
          .default(DEFAULT_LEAD_STAGE_MOVES),
      })
      .default({ enabled: false, leadType: 'NEW_BUSINESS', stageMoves: DEFAULT_LEAD_STAGE_MOVES }),
  })
  .default({
    lifecycleStage: true,
    leadStatus: { enabled: true, byStage: DEFAULT_LEAD_STATUS },
    leadsObject: { enabled: false, leadType: 'NEW_BUSINESS', stageMoves: DEFAULT_LEAD_STAGE_MOVES },
  });
