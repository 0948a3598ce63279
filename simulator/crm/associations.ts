import { validationError } from '../errors';
import type { ObjectType } from './object-types';

/** A HubSpot-defined association type between two object types (HubSpot's type id reference). */
export interface AssociationType {
  from: ObjectType;
  to: ObjectType;
  typeId: number;
  /** The id of the same association read from the other side. */
  inverse: number;
  label: string | null;
  /** The type `associate/default` creates. */
  isDefault: boolean;
}

const PAIRS: Array<[ObjectType, ObjectType, number, number, string | null, boolean]> = [
  ['contacts', 'companies', 279, 280, null, true],
  ['contacts', 'companies', 1, 2, 'Primary', false],
  ['contacts', 'deals', 4, 3, null, true],
  ['companies', 'deals', 342, 341, null, true],
  ['deals', 'companies', 5, 6, 'Primary', false],
  ['tasks', 'contacts', 204, 203, null, true],
  ['tasks', 'companies', 192, 191, null, true],
  ['tasks', 'deals', 216, 215, null, true],
  ['notes', 'contacts', 202, 201, null, true],
  ['notes', 'companies', 190, 189, null, true],
  ['notes', 'deals', 214, 213, null, true],
  ['calls', 'contacts', 194, 193, null, true],
  ['calls', 'companies', 182, 181, null, true],
  ['calls', 'deals', 206, 205, null, true],
  ['emails', 'contacts', 198, 197, null, true],
  ['emails', 'companies', 186, 185, null, true],
  ['emails', 'deals', 210, 209, null, true],
  ['meetings', 'contacts', 200, 199, null, true],
  ['meetings', 'companies', 188, 187, null, true],
  ['meetings', 'deals', 212, 211, null, true],
  // Leads: 578 is the lead's primary contact, the one every lead must be created with.
  ['leads', 'contacts', 578, 579, 'Primary', true],
  ['leads', 'companies', 580, 581, 'Primary', true],
];

export const ASSOCIATION_TYPES: AssociationType[] = PAIRS.flatMap(
  ([from, to, typeId, inverse, label, isDefault]) => [
    { from, to, typeId, inverse, label, isDefault },
    { from: to, to: from, typeId: inverse, inverse: typeId, label, isDefault },
  ],
);

export function associationType(from: ObjectType, to: ObjectType, typeId: number): AssociationType {
  const found = ASSOCIATION_TYPES.find(
    (type) => type.from === from && type.to === to && type.typeId === typeId,
  );
  if (!found) {
    throw validationError(`Association type id ${typeId} is not valid from ${from} to ${to}`, {
      subCategory: 'crm.associations.INVALID_ASSOCIATION_TYPE',
    });
  }
  return found;
}

export function defaultAssociationType(from: ObjectType, to: ObjectType): AssociationType {
  const found = ASSOCIATION_TYPES.find((type) => type.from === from && type.to === to && type.isDefault);
  if (!found) throw validationError(`No default association between ${from} and ${to}`);
  return found;
}

const key = (type: ObjectType, id: string) => `${type}:${id}`;

/** Both directions of every association of a portal, kept in step. */
export class AssociationStore {
  /** `from:id` → `toType` → to id → type ids. */
  private readonly edges = new Map<string, Map<ObjectType, Map<string, Set<number>>>>();

  add(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeId: number): AssociationType {
    const type = associationType(from, to, typeId);
    this.link(from, fromId, to, toId, type.typeId);
    this.link(to, toId, from, fromId, type.inverse);
    return type;
  }

  /** Associated ids of `toType`, in id order, each with its type ids. */
  list(from: ObjectType, fromId: string, to: ObjectType): Array<{ toId: string; typeIds: number[] }> {
    const targets = this.edges.get(key(from, fromId))?.get(to);
    if (!targets) return [];
    return [...targets.entries()]
      .map(([toId, typeIds]) => ({ toId, typeIds: [...typeIds].sort((a, b) => a - b) }))
      .sort((a, b) => Number(a.toId) - Number(b.toId));
  }

  count(from: ObjectType, fromId: string, to: ObjectType): number {
    return this.edges.get(key(from, fromId))?.get(to)?.size ?? 0;
  }

  /** Removes every association of a record (when it is archived). */
  removeAll(type: ObjectType, id: string): Array<{ to: ObjectType; toId: string }> {
    const mine = this.edges.get(key(type, id));
    if (!mine) return [];
    const removed: Array<{ to: ObjectType; toId: string }> = [];
    for (const [to, targets] of mine) {
      for (const toId of targets.keys()) {
        this.edges.get(key(to, toId))?.get(type)?.delete(id);
        removed.push({ to, toId });
      }
    }
    this.edges.delete(key(type, id));
    return removed;
  }

  private link(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeId: number): void {
    let byType = this.edges.get(key(from, fromId));
    if (!byType) this.edges.set(key(from, fromId), (byType = new Map()));
    let targets = byType.get(to);
    if (!targets) byType.set(to, (targets = new Map()));
    let typeIds = targets.get(toId);
    if (!typeIds) targets.set(toId, (typeIds = new Set()));
    typeIds.add(typeId);
  }
}
