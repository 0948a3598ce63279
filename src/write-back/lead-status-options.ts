import { LRUCache } from 'lru-cache';
import type { StageFieldSettings } from '../lifecycle/record-outcome';
import { describeError } from '../errors';
import type { Playbook } from '../handoff/playbook';
import type { HubSpotCrm } from '../hubspot/crm';
import { readPropertyOptions } from '../hubspot/property-options';
import type { Logger } from '../log';

/** Options change when an admin edits the property: rarely. One read per portal an hour. */
const TTL_MS = 60 * 60_000;
/** After a failed read the status is skipped for a while rather than read again for every lead. */
const FAILED_TTL_MS = 5 * 60_000;

/**
 * The portal's `hs_lead_status` options, read once and kept: a stage write only sets a status the
 * portal has (CONTRACT §5). A failed read is logged and the status skipped; the stage still moves.
 */
export class LeadStatusOptions {
  private readonly cache = new LRUCache<number, { values: ReadonlySet<string> | null }>({
    max: 10_000,
    ttl: TTL_MS,
  });

  constructor(private readonly log: Logger) {}

  async forPortal(portalId: number, crm: HubSpotCrm): Promise<ReadonlySet<string> | null> {
    const cached = this.cache.get(portalId);
    if (cached) return cached.values;
    try {
      const values = await readPropertyOptions(crm, 'contacts', 'hs_lead_status');
      this.cache.set(portalId, { values });
      return values;
    } catch (error) {
      this.log.warn(
        { portalId, err: describeError(error) },
        'could not read hs_lead_status options; skipping',
      );
      this.cache.set(portalId, { values: null }, { ttl: FAILED_TTL_MS });
      return null;
    }
  }
}

/** The portal's stage settings for `recordOutcome`: the playbook's switches and, when on, the options. */
export function stageFieldsOf(
  playbook: Playbook,
  options: LeadStatusOptions | undefined,
  portalId: number,
  crm: HubSpotCrm,
): () => Promise<StageFieldSettings> {
  return async () => ({
    settings: playbook.stages,
    leadStatusOptions:
      playbook.stages.leadStatus.enabled && options ? await options.forPortal(portalId, crm) : null,
  });
}
