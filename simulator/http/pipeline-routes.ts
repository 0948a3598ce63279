import { Router } from 'express';
import { notFound } from '../errors';
import { objectTypeOf } from '../crm/object-types';
import { PIPELINES, type PipelineDefinition, type PipelineStage } from '../crm/pipelines';
import { answer } from './api-context';

const SINCE = '2023-09-01T00:00:00.000Z';

const stageView = (stage: PipelineStage) => ({
  ...stage,
  createdAt: SINCE,
  updatedAt: SINCE,
  archived: false,
  writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT',
});

const pipelineView = (pipeline: PipelineDefinition) => ({
  ...pipeline,
  stages: pipeline.stages.map(stageView),
  createdAt: SINCE,
  updatedAt: SINCE,
  archived: false,
});

function pipelineOf(objectType: string, pipelineId: string): PipelineDefinition {
  const found = (PIPELINES[objectTypeOf(objectType)] ?? []).find((pipeline) => pipeline.id === pipelineId);
  if (!found) throw notFound(`Unable to find pipeline ${pipelineId} for ${objectType}`);
  return found;
}

/** `GET /crm/v3/pipelines/...`: the portal's pipelines and their stages (read-only here). */
export function pipelineRoutes(): Router {
  const router = Router();
  router.get(
    '/crm/v3/pipelines/:objectType',
    answer((req) => {
      const pipelines = PIPELINES[objectTypeOf(String(req.params.objectType))] ?? [];
      return { status: 200, body: { results: pipelines.map(pipelineView) } };
    }),
  );
  router.get(
    '/crm/v3/pipelines/:objectType/:pipelineId',
    answer((req) => ({
      status: 200,
      body: pipelineView(pipelineOf(String(req.params.objectType), String(req.params.pipelineId))),
    })),
  );
  router.get(
    '/crm/v3/pipelines/:objectType/:pipelineId/stages',
    answer((req) => {
      const pipeline = pipelineOf(String(req.params.objectType), String(req.params.pipelineId));
      return { status: 200, body: { results: pipeline.stages.map(stageView) } };
    }),
  );
  return router;
}
