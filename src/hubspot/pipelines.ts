import type { HubSpotCrm } from './crm';
import { hubspotPaths } from './paths';

export interface PipelineStageInfo {
  id: string;
  label: string;
  pipeline: string;
}

/** Every stage of the portal's pipelines of one object type (`leads`, `deals`), by stage id. */
export async function readPipelineStages(
  crm: HubSpotCrm,
  objectType: string,
): Promise<Map<string, PipelineStageInfo>> {
  const answer = await crm.client.request<{
    results: Array<{ label: string; stages: Array<{ id: string; label: string }> }>;
  }>({ method: 'GET', path: hubspotPaths.pipelines(objectType), endpoint: 'pipelines.list' });
  const stages = new Map<string, PipelineStageInfo>();
  for (const pipeline of answer.results) {
    for (const stage of pipeline.stages) {
      stages.set(stage.id, { id: stage.id, label: stage.label, pipeline: pipeline.label });
    }
  }
  return stages;
}
