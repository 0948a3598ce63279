import type { Playbook } from '../handoff';
import type { HubSpotCrm } from '../hubspot/crm';
import type { Logger } from '../log';
import type { RegisteredJob } from '../queue/job';
import type { Store } from '../store/store';
import { createTaskJob } from './create-task-job';
import type { LeadContextLoader } from './gather-lead-context';
import { slaActionJob } from './sla-action-job';
import { updateContactJob } from './update-contact-job';
import { writeContactJob } from './write-contact-job';

export interface JobListDeps {
  store: Store;
  playbook: Playbook;
  playbookFor?: (portalId: number) => Promise<Playbook>;
  log: Logger;
  now: () => number;
  crm: (portalId: number) => Promise<HubSpotCrm>;
  loader: (portalId: number) => Promise<LeadContextLoader>;
}

/**
 * Every job the queue runs. To add one: define it (`defineJob({ name, schema, handler })`, name in
 * `job-names.ts`) and add it here. `create-lead` is reserved for the lifecycle work.
 */
export function handoffJobList(deps: JobListDeps): RegisteredJob[] {
  return [writeContactJob(deps), createTaskJob(deps), updateContactJob(deps), slaActionJob(deps)];
}
