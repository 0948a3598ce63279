import { Router } from 'express';
import { z } from 'zod';
import { conflict, notFound, validationError } from '../errors';
import { objectTypeOf, type ObjectType } from '../crm/object-types';
import type { PropertyDefinition } from '../crm/property-catalog';
import type { Portal } from '../portal';
import { answer, parseBody, portalOf } from './api-context';
import { batchAnswer, batchError } from './object-inputs';

const optionSchema = z
  .object({
    label: z.string(),
    value: z.string(),
    hidden: z.boolean().default(false),
    displayOrder: z.number().int().optional(),
    description: z.string().optional(),
  })
  .strict();

const TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] as const;
const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'date',
  'select',
  'radio',
  'checkbox',
  'booleancheckbox',
  'file',
  'html',
  'phonenumber',
  'calculation_equation',
] as const;

const createSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower case letters, digits and underscores'),
    label: z.string().min(1),
    groupName: z.string().min(1),
    type: z.enum(TYPES),
    fieldType: z.enum(FIELD_TYPES),
    description: z.string().default(''),
    options: z.array(optionSchema).default([]),
    displayOrder: z.number().int().default(-1),
    hidden: z.boolean().default(false),
    formField: z.boolean().default(false),
    hasUniqueValue: z.boolean().default(false),
    externalOptions: z.boolean().default(false),
    referencedObjectType: z.string().optional(),
    calculationFormula: z.string().optional(),
    currencyPropertyName: z.string().optional(),
    dataSensitivity: z.string().optional(),
    numberDisplayHint: z.string().optional(),
    showCurrencySymbol: z.boolean().optional(),
    textDisplayHint: z.string().optional(),
  })
  .strict();

const updateSchema = createSchema
  .pick({
    label: true,
    groupName: true,
    type: true,
    fieldType: true,
    description: true,
    options: true,
    displayOrder: true,
    hidden: true,
    formField: true,
  })
  .partial()
  .strict();

const groupSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: z.string().min(1),
    displayOrder: z.number().int().default(-1),
  })
  .strict();

function makeProperty(
  portal: Portal,
  type: ObjectType,
  input: z.infer<typeof createSchema>,
): PropertyDefinition {
  if (portal.properties[type].has(input.name)) {
    throw conflict(`A property named '${input.name}' already exists.`, {
      subCategory: 'PropertyError.PROPERTY_EXISTS',
      context: { name: [input.name] },
    });
  }
  if (!portal.groups[type].has(input.groupName)) {
    throw validationError(`Property group '${input.groupName}' does not exist.`, {
      context: { groupName: [input.groupName] },
    });
  }
  const enumeration = input.type === 'enumeration';
  if (
    enumeration &&
    !input.externalOptions &&
    input.options.length === 0 &&
    input.fieldType !== 'booleancheckbox'
  ) {
    throw validationError(`Enumeration property ${input.name} needs options.`);
  }
  const now = new Date(portal.now()).toISOString();
  return {
    ...input,
    options: input.options.map((option, index) => ({
      ...option,
      displayOrder: option.displayOrder ?? index,
    })),
    calculated: false,
    hubspotDefined: false,
    modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
    createdAt: now,
    updatedAt: now,
    archived: false,
  };
}

/** `/crm/v3/properties/{objectType}`: list, read, create (409 when the name is taken), batch create, PATCH; groups. */
export function propertyRoutes(): Router {
  const router = Router();
  const base = '/crm/v3/properties/:objectType';
  const typeOf = (name: unknown) => objectTypeOf(String(name));

  router.get(
    `${base}/groups`,
    answer((req, res) => ({
      status: 200,
      body: { results: [...portalOf(res).groups[typeOf(req.params.objectType)].values()] },
    })),
  );

  router.post(
    `${base}/groups`,
    answer((req, res) => {
      const portal = portalOf(res);
      const groups = portal.groups[typeOf(req.params.objectType)];
      const input = parseBody(groupSchema, req.body);
      if (groups.has(input.name)) throw conflict(`A property group named '${input.name}' already exists.`);
      const group = { ...input, archived: false };
      groups.set(group.name, group);
      return { status: 201, body: group };
    }),
  );

  router.get(
    `${base}/groups/:groupName`,
    answer((req, res) => {
      const group = portalOf(res).groups[typeOf(req.params.objectType)].get(String(req.params.groupName));
      if (!group) throw notFound(`Property group ${req.params.groupName} does not exist`);
      return { status: 200, body: group };
    }),
  );

  router.patch(
    `${base}/groups/:groupName`,
    answer((req, res) => {
      const group = portalOf(res).groups[typeOf(req.params.objectType)].get(String(req.params.groupName));
      if (!group) throw notFound(`Property group ${req.params.groupName} does not exist`);
      Object.assign(group, parseBody(groupSchema.omit({ name: true }).partial().strict(), req.body));
      return { status: 200, body: group };
    }),
  );

  router.get(
    base,
    answer((req, res) => {
      const archived = req.query.archived === 'true';
      const all = [...portalOf(res).properties[typeOf(req.params.objectType)].values()];
      return { status: 200, body: { results: all.filter((property) => property.archived === archived) } };
    }),
  );

  router.post(
    base,
    answer((req, res) => {
      const portal = portalOf(res);
      const type = typeOf(req.params.objectType);
      const property = makeProperty(portal, type, parseBody(createSchema, req.body));
      portal.properties[type].set(property.name, property);
      return { status: 201, body: property };
    }),
  );

  router.post(
    `${base}/batch/create`,
    answer((req, res) => {
      const started = Date.now();
      const portal = portalOf(res);
      const type = typeOf(req.params.objectType);
      const { inputs } = parseBody(
        z.object({ inputs: z.array(createSchema).min(1).max(100) }).strict(),
        req.body,
      );
      const created: PropertyDefinition[] = [];
      const errors: unknown[] = [];
      for (const input of inputs) {
        try {
          const property = makeProperty(portal, type, input);
          portal.properties[type].set(property.name, property);
          created.push(property);
        } catch (error) {
          errors.push(batchError('OBJECT_ALREADY_EXISTS', (error as Error).message, { name: [input.name] }));
        }
      }
      return batchAnswer(created, errors, started, 201);
    }),
  );

  router.post(
    `${base}/batch/read`,
    answer((req, res) => {
      const started = Date.now();
      const properties = portalOf(res).properties[typeOf(req.params.objectType)];
      const body = parseBody(
        z
          .object({
            inputs: z.array(z.object({ name: z.string() }).strict()),
            archived: z.boolean().default(false),
            dataSensitivity: z.string().optional(),
          })
          .strict(),
        req.body,
      );
      const found = body.inputs.flatMap((input) => properties.get(input.name) ?? []);
      return batchAnswer(found, [], started);
    }),
  );

  router.get(
    `${base}/:propertyName`,
    answer((req, res) => {
      const property = portalOf(res).properties[typeOf(req.params.objectType)].get(
        String(req.params.propertyName),
      );
      if (!property || property.archived)
        throw notFound(`Property ${req.params.propertyName} does not exist`);
      return { status: 200, body: property };
    }),
  );

  router.patch(
    `${base}/:propertyName`,
    answer((req, res) => {
      const portal = portalOf(res);
      const property = portal.properties[typeOf(req.params.objectType)].get(String(req.params.propertyName));
      if (!property || property.archived)
        throw notFound(`Property ${req.params.propertyName} does not exist`);
      if (property.modificationMetadata.readOnlyDefinition) {
        throw validationError(`Property ${property.name} is defined by HubSpot and cannot be changed.`);
      }
      const changes = parseBody(updateSchema, req.body);
      Object.assign(property, changes, { updatedAt: new Date(portal.now()).toISOString() });
      if (changes.options)
        property.options = changes.options.map((option, index) => ({
          ...option,
          displayOrder: option.displayOrder ?? index,
        }));
      return { status: 200, body: property };
    }),
  );

  return router;
}
