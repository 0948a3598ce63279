import type { Playbook } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { RegisteredJob } from '../queue/job';
import type { Store } from '../store/store';
import { createLeadJobHandler } from '../write-back/create-hubspot-leads';
import { closeTaskJobHandler } from '../write-back/close-task-job';
import { createTaskJob } from '../write-back/create-task-job';
import type { LeadStatusOptions } from '../write-back/lead-status-options';
import type { LeadToDecide } from '../decisions/decide-new-contacts';
import type { EventResult } from '../queue/event-handler';
import { recycleLeadJob } from '../decisions/recycle-lead-job';
import { secondChanceJobHandler, type SecondChanceDeps } from '../decisions/second-chance-job';
import type { LeadContextLoader } from '../lead-context/gather-lead-context';
import { slaActionJob } from '../write-back/sla-action-job';
import { syncCrmIndexJob } from '../crm-index/sync-crm-index-job';
import { updateContactJob } from '../write-back/update-contact-job';
import { writeContactJob } from '../write-back/write-contact-job';

export interface JobListDeps {
  store: Store;
  playbook: Playbook;
  playbookFor: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  loader: (portalId: number) => Promise<LeadContextLoader>;
  /** The portal's `hs_lead_status` options, shared with the event side's stage writes. */
  leadStatusOptions?: LeadStatusOptions;
  /** Decides leads with the event side's batch reads (recycled leads, in their next round). */
  decide: (leads: LeadToDecide[], portalId: number) => Promise<Map<number, EventResult>>;
  /** The event side's deciding, for the second-chance job (it decides from reads it already made). */
  decideDeps: SecondChanceDeps;
}

/**
 * Every job the queue runs. To add one: define it (`defineJob({ name, schema, handler })`, name in
 * `job-names.ts`) and add it here.
 */
export function handoffJobList(deps: JobListDeps): RegisteredJob[] {
  return [
    writeContactJob(deps),
    createTaskJob(deps),
    updateContactJob(deps),
    slaActionJob(deps),
    recycleLeadJob(deps),
    createLeadJobHandler(deps),
    closeTaskJobHandler(deps),
    secondChanceJobHandler(deps.decideDeps),
    syncCrmIndexJob(deps),
  ];
}
