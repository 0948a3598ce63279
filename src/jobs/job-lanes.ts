import type { ClaimJobsOptions } from '../store/store';
import { UPDATE_CONTACT, WRITE_CONTACT } from './job-names';

/**
 * The job queue runs in two lanes, each its own worker loop. Write-back (a decided lead's owner,
 * status and stage on the contact, one batch call per 100 leads) has a lane of its own, so a lead
 * decided now is written within seconds even while thousands of tasks, lead objects and clock
 * actions of earlier decisions wait in the other lane.
 */
export const WRITE_BACK_JOBS = [WRITE_CONTACT, UPDATE_CONTACT];

export const WRITE_BACK_LANE: ClaimJobsOptions['lane'] = { only: WRITE_BACK_JOBS };
export const BACKLOG_LANE: ClaimJobsOptions['lane'] = { except: WRITE_BACK_JOBS };
