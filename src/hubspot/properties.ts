/**
 * Idempotent set-up of Handoff's contact properties (handoff-properties.ts) in a portal. Nothing that
 * exists is ever overwritten: a property of another shape is reported as a conflict for a person to
 * resolve, and only missing enumeration options are ever added.
 */
import type { StandardError } from './crm-types';
import { HubSpotNotFoundError } from './hubspot-errors';
import { HubSpotClient } from './hubspot-client';
import { HubSpotCrm } from './crm';
import {
  HANDOFF_GROUP,
  HANDOFF_PROPERTIES,
  handoffPropertiesFor,
  type HandoffPropertyDefinition,
  type PropertyOption,
} from './property-definitions';
import { hubspotPaths } from './paths';

export { HANDOFF_GROUP, HANDOFF_PROPERTIES, type HandoffPropertyDefinition, type PropertyOption };

/** The part of HubSpot's `Property` this module reads. */
export interface ExistingProperty {
  name: string;
  type: string;
  fieldType: string;
  options?: PropertyOption[];
  externalOptions?: boolean;
  referencedObjectType?: string;
  groupName?: string;
}

export interface PropertyConflict {
  name: string;
  existing: { type: string; fieldType: string; referencedObjectType?: string };
  needed: { type: string; fieldType: string; referencedObjectType?: string };
  message: string;
}

export interface HandoffPropertiesReport {
  groupCreated: boolean;
  created: string[];
  unchanged: string[];
  optionsAdded: Array<{ name: string; values: string[] }>;
  conflicts: PropertyConflict[];
}

const OBJECT_TYPE = 'contacts';

/**
 * Creates the `sales_handoff` group and every missing property (in one batch call), adds missing
 * enumeration options, and reports everything else. A second run makes no write call.
 */
export async function ensureHandoffProperties(
  target: HubSpotCrm | HubSpotClient,
  options: {
    disqualificationReasons?: ReadonlyArray<{ id: string; label: string }>;
    ratingReasons?: ReadonlyArray<{ id: string; label: string }>;
  } = {},
): Promise<HandoffPropertiesReport> {
  const client = target instanceof HubSpotClient ? target : target.client;
  const report: HandoffPropertiesReport = {
    groupCreated: false,
    created: [],
    unchanged: [],
    optionsAdded: [],
    conflicts: [],
  };
  report.groupCreated = await ensureGroup(client);

  const listed = await client.request<{ results: ExistingProperty[] }>({
    method: 'GET',
    path: hubspotPaths.properties(OBJECT_TYPE),
    endpoint: 'properties.list',
    query: { archived: false },
  });
  const existing = new Map(listed.results.map((property) => [property.name, property]));
  const missing: HandoffPropertyDefinition[] = [];
  for (const wanted of handoffPropertiesFor(options.disqualificationReasons, options.ratingReasons)) {
    const found = existing.get(wanted.name);
    if (!found) missing.push(wanted);
    else await reconcile(client, wanted, found, report);
  }
  if (missing.length > 0) await createMissing(client, missing, report);
  return report;
}

async function ensureGroup(client: HubSpotClient): Promise<boolean> {
  try {
    await client.request({
      method: 'GET',
      path: hubspotPaths.propertyGroup(OBJECT_TYPE, HANDOFF_GROUP.name),
      endpoint: 'properties.groups.read',
    });
    return false;
  } catch (error) {
    if (!(error instanceof HubSpotNotFoundError)) throw error;
  }
  await client.request({
    method: 'POST',
    path: hubspotPaths.propertyGroups(OBJECT_TYPE),
    endpoint: 'properties.groups.create',
    body: { ...HANDOFF_GROUP },
  });
  return true;
}

async function reconcile(
  client: HubSpotClient,
  wanted: HandoffPropertyDefinition,
  found: ExistingProperty,
  report: HandoffPropertiesReport,
): Promise<void> {
  const conflict = describeConflict(wanted, found);
  if (conflict) {
    report.conflicts.push(conflict);
    return;
  }
  const have = new Set((found.options ?? []).map((option) => option.value));
  const absent = (wanted.options ?? []).filter((option) => !have.has(option.value));
  if (wanted.externalOptions || absent.length === 0) {
    report.unchanged.push(wanted.name);
    return;
  }
  // PATCH replaces the whole option list: send every existing option (RevOps' own reasons included)
  // followed by ours, so nothing is ever removed.
  const kept = found.options ?? [];
  const added = absent.map((option, index) => ({ ...option, displayOrder: kept.length + index }));
  await client.request({
    method: 'PATCH',
    path: hubspotPaths.property(OBJECT_TYPE, wanted.name),
    endpoint: 'properties.update',
    body: { options: [...kept.map(toOptionInput), ...added] },
  });
  report.optionsAdded.push({ name: wanted.name, values: absent.map((option) => option.value) });
}

function toOptionInput(option: PropertyOption): PropertyOption {
  const { label, value, hidden, displayOrder } = option;
  return displayOrder === undefined ? { label, value, hidden } : { label, value, hidden, displayOrder };
}

export function describeConflict(
  wanted: HandoffPropertyDefinition,
  found: ExistingProperty,
): PropertyConflict | null {
  const differs =
    found.type !== wanted.type ||
    found.fieldType !== wanted.fieldType ||
    (wanted.referencedObjectType !== undefined &&
      found.referencedObjectType !== wanted.referencedObjectType) ||
    (wanted.externalOptions === true && found.externalOptions !== true);
  if (!differs) return null;
  const shape = (p: { type: string; fieldType: string; referencedObjectType?: string }) =>
    `type ${p.type}, field type ${p.fieldType}${p.referencedObjectType ? `, referencing ${p.referencedObjectType}` : ''}`;
  return {
    name: wanted.name,
    existing: {
      type: found.type,
      fieldType: found.fieldType,
      referencedObjectType: found.referencedObjectType,
    },
    needed: {
      type: wanted.type,
      fieldType: wanted.fieldType,
      referencedObjectType: wanted.referencedObjectType,
    },
    message:
      `Contact property ${wanted.name} already exists as ${shape(found)}, but Handoff needs ${shape(wanted)}. ` +
      'Handoff left it unchanged and will not write it. Fix: in HubSpot, Settings → Properties → Contact ' +
      `properties, rename or delete ${wanted.name}, then run the setup again.`,
  };
}

async function createMissing(
  client: HubSpotClient,
  missing: HandoffPropertyDefinition[],
  report: HandoffPropertiesReport,
): Promise<void> {
  const answer = await client.request<{ results: Array<{ name: string }>; errors?: StandardError[] }>({
    method: 'POST',
    path: hubspotPaths.propertiesBatchCreate(OBJECT_TYPE),
    endpoint: 'properties.batch.create',
    body: { inputs: missing },
  });
  report.created.push(...answer.results.map((property) => property.name));
  // A 207 names the inputs HubSpot refused (for example a name taken by an archived property).
  for (const error of answer.errors ?? []) {
    const name = error.context?.name?.[0] ?? error.context?.propertyName?.[0] ?? 'unknown';
    const wanted = missing.find((property) => property.name === name);
    report.conflicts.push({
      name,
      existing: { type: 'unknown', fieldType: 'unknown' },
      needed: { type: wanted?.type ?? 'unknown', fieldType: wanted?.fieldType ?? 'unknown' },
      message: `HubSpot refused to create contact property ${name}: ${error.message}. Check archived contact properties in HubSpot's property settings.`,
    });
  }
}
