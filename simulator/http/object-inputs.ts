import { z } from 'zod';
import { validationError } from '../errors';
import { ASSOCIATION_TYPES } from '../crm/associations';
import type { ObjectType } from '../crm/object-types';
import type { Portal } from '../portal';

const value = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const propertiesSchema = z.record(value);

export const associationInputSchema = z
  .object({
    to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }).strict(),
    types: z
      .array(
        z
          .object({
            associationCategory: z.enum(['HUBSPOT_DEFINED', 'USER_DEFINED', 'INTEGRATOR_DEFINED']),
            associationTypeId: z.number().int(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const createInputSchema = z
  .object({
    properties: propertiesSchema,
    associations: z.array(associationInputSchema).default([]),
    objectWriteTraceId: z.string().optional(),
  })
  .strict();

export type CreateInput = z.infer<typeof createInputSchema>;

/** HubSpot's batch endpoints take at most 100 inputs. */
export const BATCH_LIMIT = 100;

export function batchOf<T extends z.ZodTypeAny>(input: T) {
  return z.object({ inputs: z.array(input) }).passthrough();
}

export function checkBatchSize(inputs: readonly unknown[]): void {
  if (inputs.length === 0) throw validationError('inputs must not be empty');
  if (inputs.length > BATCH_LIMIT) {
    throw validationError(`Batch size of ${inputs.length} exceeds the maximum of ${BATCH_LIMIT} inputs.`);
  }
}

/** Checks every association of a create input up front, so a bad one creates nothing. */
export function checkAssociations(portal: Portal, from: ObjectType, input: CreateInput): void {
  if (from === 'leads') checkLeadInput(input);
  for (const association of input.associations) {
    for (const type of association.types) {
      const known = ASSOCIATION_TYPES.find(
        (candidate) => candidate.from === from && candidate.typeId === type.associationTypeId,
      );
      if (!known) {
        throw validationError(`${type.associationTypeId} is not a valid association type id for ${from}`, {
          subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
        });
      }
      if (!portal.get(known.to, association.to.id)) {
        throw validationError(`${known.to} ${association.to.id} does not exist, so it cannot be associated`, {
          context: { id: [association.to.id] },
        });
      }
    }
  }
}

/**
 * HubSpot refuses a lead without a name or without its primary contact: a lead is created
 * associated with an existing contact (association type 578; HUBSPOT-NOTES, Leads object).
 */
function checkLeadInput(input: CreateInput): void {
  const name = input.properties.hs_lead_name;
  if (name === undefined || name === null || String(name).trim() === '') {
    throw validationError('hs_lead_name is required: give the lead a name when creating it', {
      subCategory: 'crm.objects.leads.MISSING_REQUIRED_PROPERTY',
    });
  }
  const primaryContact = input.associations.some((association) =>
    association.types.some((type) => type.associationTypeId === 578),
  );
  if (!primaryContact) {
    throw validationError(
      'A lead must be created associated with its primary contact: add an association of type 578 to an existing contact',
      { subCategory: 'crm.objects.leads.MISSING_PRIMARY_CONTACT' },
    );
  }
}

/** Creates the record, then its associations (already checked). */
export function createWithAssociations(portal: Portal, type: ObjectType, input: CreateInput) {
  const record = portal.create(type, input.properties);
  for (const association of input.associations) {
    for (const spec of association.types) {
      const known = ASSOCIATION_TYPES.find(
        (candidate) => candidate.from === type && candidate.typeId === spec.associationTypeId,
      );
      if (known) portal.associate(type, record.id, known.to, association.to.id, spec.associationTypeId);
    }
  }
  return record;
}

/** HubSpot's batch answer; with errors it is a 207 and lists them. */
export function batchAnswer(results: unknown[], errors: unknown[], startedAt: number, okStatus = 200) {
  const body = {
    status: 'COMPLETE',
    results,
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date().toISOString(),
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
  };
  return { status: errors.length > 0 ? 207 : okStatus, body };
}

/** One entry of a batch answer's `errors`, in HubSpot's StandardError shape. */
export function batchError(category: string, message: string, context: Record<string, string[]>) {
  return { status: 'error', category, message, context, errors: [], links: {} };
}
