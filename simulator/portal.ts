import { conflict, notFound, validationError } from './errors';
import { AssociationStore, associationType, type AssociationType } from './crm/associations';
import { apiMayMoveLifecycleStage, dateEnteredProperty } from './crm/lifecycle-stages';
import { modifiedProperty, OBJECT_TYPES, SALES_ACTIVITY_TYPES, type ObjectType } from './crm/object-types';
import { DEFAULT_LEAD_PIPELINE } from './crm/pipelines';
import {
  standardGroups,
  standardProperties,
  type PropertyDefinition,
  type PropertyGroupDefinition,
} from './crm/property-catalog';
import { normaliseValues, type InputValue } from './crm/property-values';
import { RecordStore, type SimRecord, type Snapshot } from './crm/record-store';
import { salesActivityUpdates } from './crm/sales-activity';
import { runSearch, type SearchOutcome, type SearchRequest } from './crm/search';

/** HubSpot's `PublicOwner`. */
export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  userIdIncludingInactive: number;
  type: 'PERSON';
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  teams: Array<{ id: string; name: string; primary: boolean }>;
}

/** A change HubSpot would tell subscribed apps about. */
export interface ChangeEvent {
  portalId: number;
  objectType: ObjectType;
  objectId: string;
  kind: 'creation' | 'propertyChange' | 'deletion' | 'associationChange';
  propertyName?: string;
  propertyValue?: string;
  /** For `associationChange`: the association as read from `objectType`'s side. */
  association?: { toObjectType: ObjectType; toObjectId: string; typeId: number; removed: boolean };
  occurredAt: number;
  changeSource: string;
}

/** One update of a record's properties through the API, with the values as the client sent them. */
export interface WriteRecord {
  type: ObjectType;
  id: string;
  at: number;
  properties: Record<string, string>;
}

export interface WriteOptions {
  /** `changeSource` of the webhook events (`INTEGRATION` for API calls, `FORM` for form fills). */
  changeSource?: string;
  /** Seeding skips validation and the search lag (the records exist before the run starts). */
  seeding?: boolean;
  createdAt?: number;
}

export interface PortalOptions {
  portalId: number;
  now: () => number;
  /** Delay before a change is searchable, drawn per change. */
  searchLagMs: () => number;
}

/** One HubSpot account: its records, associations, owners and property definitions. */
export class Portal {
  readonly id: number;
  readonly stores: Record<ObjectType, RecordStore>;
  readonly associations = new AssociationStore();
  readonly properties: Record<ObjectType, Map<string, PropertyDefinition>>;
  readonly groups: Record<ObjectType, Map<string, PropertyGroupDefinition>>;
  owners: Owner[] = [];
  /** While true, writes are searchable at once (seeded data exists before the run starts). */
  seeding = false;
  private readonly listeners: Array<(event: ChangeEvent) => void> = [];
  /**
   * Every update, as sent (even when no value changed, so no webhook went out): HubSpot keeps no
   * such log, but tests and the reliability suite count rewrites of the same values with it.
   */
  readonly writes: WriteRecord[] = [];
  /** Contact email, lower case → id: HubSpot keeps contact emails unique. */
  private readonly emails = new Map<string, string>();
  /** Records whose updates HubSpot refuses (a property validation rule), with the message it gives. */
  private readonly refused = new Map<string, string>();

  constructor(private readonly options: PortalOptions) {
    this.id = options.portalId;
    const build = <T extends { name: string }>(make: (type: ObjectType) => T[]) =>
      Object.fromEntries(
        OBJECT_TYPES.map((type) => [type, new Map(make(type).map((item) => [item.name, item]))]),
      ) as Record<ObjectType, Map<string, T>>;
    this.stores = Object.fromEntries(OBJECT_TYPES.map((type) => [type, new RecordStore(type)])) as Record<
      ObjectType,
      RecordStore
    >;
    this.properties = build(standardProperties);
    this.groups = build(standardGroups);
  }

  now(): number {
    return this.options.now();
  }

  private lag(): number {
    return this.seeding ? 0 : this.options.searchLagMs();
  }

  onChange(listener: (event: ChangeEvent) => void): void {
    this.listeners.push(listener);
  }

  isOwner = (id: string): boolean => this.owners.some((owner) => owner.id === id);

  get(type: ObjectType, id: string): SimRecord | undefined {
    const record = this.stores[type].get(id);
    return record && !record.archived ? record : undefined;
  }

  mustGet(type: ObjectType, id: string): SimRecord {
    const record = this.get(type, id);
    if (!record) throw notFound(`Object ${type} ${id} was not found`);
    return record;
  }

  /** The live record whose `property` is `value` (case-insensitive), for `idProperty` reads and upserts. */
  findBy(type: ObjectType, property: string, value: string): SimRecord | undefined {
    if (property === 'hs_object_id') return this.get(type, value);
    if (type === 'contacts' && property === 'email') {
      const id = this.emails.get(value.toLowerCase());
      return id === undefined ? undefined : this.get(type, id);
    }
    const wanted = value.toLowerCase();
    return this.stores[type].live().find((record) => record.properties[property]?.toLowerCase() === wanted);
  }

  create(type: ObjectType, input: Record<string, InputValue>, options: WriteOptions = {}): SimRecord {
    const values = options.seeding ? stringValues(input) : this.normalise(type, input);
    const now = options.createdAt ?? this.now();
    const store = this.stores[type];
    const id = store.newId();
    this.claimEmail(type, id, values.email);
    const record: SimRecord = { id, properties: {}, createdAt: now, updatedAt: now, archived: false };
    const createdate = values.createdate ?? new Date(now).toISOString();
    Object.assign(record.properties, withoutEmpty(values), {
      hs_object_id: id,
      createdate,
      [modifiedProperty(type)]: new Date(now).toISOString(),
    });
    this.derive(type, record);
    store.put(record, options.seeding ? 0 : now + this.lag());
    const changeSource = options.changeSource ?? 'INTEGRATION';
    this.emit({ objectType: type, objectId: id, kind: 'creation', changeSource });
    // HubSpot also reports each property set at creation as a property change.
    for (const [name, value] of Object.entries(record.properties)) {
      this.emit({
        objectType: type,
        objectId: id,
        kind: 'propertyChange',
        propertyName: name,
        propertyValue: value,
        changeSource,
      });
    }
    return record;
  }

  /**
   * From now on every update of these records is refused with HubSpot's 400, as a property
   * validation rule refuses it: the poison a client must dead-letter without holding up the rest.
   */
  refuseUpdates(type: ObjectType, ids: readonly string[], message: string): void {
    for (const id of ids) this.refused.set(`${type}:${id}`, message);
  }

  /** Validates values as a write would, without writing (batch endpoints check every input first). */
  check(type: ObjectType, input: Record<string, InputValue>, id?: string): void {
    if (id !== undefined) this.checkNotRefused(type, id);
    const values = this.normalise(type, input);
    const email = values.email?.toLowerCase();
    const holder = email ? this.emails.get(email) : undefined;
    if (type === 'contacts' && holder !== undefined && holder !== id && this.get('contacts', holder)) {
      throw conflict(`Contact already exists. Existing ID: ${holder}`, { context: { id: [holder] } });
    }
  }

  update(
    type: ObjectType,
    id: string,
    input: Record<string, InputValue>,
    options: WriteOptions = {},
  ): SimRecord {
    const record = this.mustGet(type, id);
    if (!options.seeding) this.checkNotRefused(type, id);
    const values = options.seeding ? stringValues(input) : this.normalise(type, input);
    if (values.email !== undefined) this.claimEmail(type, id, values.email);
    const changeSource = options.changeSource ?? 'INTEGRATION';
    const stage = values.lifecyclestage;
    if (type === 'contacts' && changeSource === 'INTEGRATION' && stage !== undefined) {
      if (!apiMayMoveLifecycleStage(record.properties.lifecyclestage, stage)) delete values.lifecyclestage;
    }
    if (!options.seeding) this.writes.push({ type, id, at: this.now(), properties: { ...values } });
    this.apply(type, record, values, changeSource);
    return record;
  }

  private checkNotRefused(type: ObjectType, id: string): void {
    const message = this.refused.get(`${type}:${id}`);
    if (message !== undefined) {
      throw validationError(message, {
        errors: [{ message, code: 'INVALID_OPTION', context: { id: [id] } }],
        context: { id: [id] },
      });
    }
  }

  archive(type: ObjectType, id: string): void {
    const record = this.mustGet(type, id);
    record.archived = true;
    record.archivedAt = this.now();
    if (type === 'contacts' && record.properties.email)
      this.emails.delete(record.properties.email.toLowerCase());
    const removed = this.associations.removeAll(type, id);
    for (const { to, toId } of removed) this.refreshCounts(to, toId);
    this.stores[type].reindex(record, this.now() + this.lag());
    this.emit({ objectType: type, objectId: id, kind: 'deletion', changeSource: 'INTEGRATION' });
  }

  associate(from: ObjectType, fromId: string, to: ObjectType, toId: string, typeId: number): AssociationType {
    this.mustGet(from, fromId);
    this.mustGet(to, toId);
    associationType(from, to, typeId);
    const type = this.associations.add(from, fromId, to, toId, typeId);
    // HubSpot makes a contact's first company its primary one and mirrors it in associatedcompanyid.
    const [contactId, companyId] = from === 'contacts' ? [fromId, toId] : [toId, fromId];
    if ([from, to].includes('contacts') && [from, to].includes('companies')) {
      const contact = this.mustGet('contacts', contactId);
      if (!contact.properties.associatedcompanyid) {
        this.associations.add('contacts', contactId, 'companies', companyId, 1);
        this.apply('contacts', contact, { associatedcompanyid: companyId }, 'CALCULATED');
      }
    }
    this.refreshCounts(from, fromId);
    this.refreshCounts(to, toId);
    this.recordSalesActivity(from, fromId, to, toId);
    // HubSpot reports an association once from each side.
    for (const [side, sideId, other, otherId, typeId] of [
      [from, fromId, to, toId, type.typeId],
      [to, toId, from, fromId, type.inverse],
    ] as const) {
      this.emit({
        objectType: side,
        objectId: sideId,
        kind: 'associationChange',
        association: { toObjectType: other, toObjectId: otherId, typeId, removed: false },
        changeSource: 'INTEGRATION',
      });
    }
    return type;
  }

  /** An engagement associated with a contact moves the contact's activity dates. */
  private recordSalesActivity(from: ObjectType, fromId: string, to: ObjectType, toId: string): void {
    const [activityType, activityId, contactId] =
      to === 'contacts' ? [from, fromId, toId] : [to, toId, fromId];
    if (![from, to].includes('contacts') || !SALES_ACTIVITY_TYPES.includes(activityType)) return;
    const contact = this.mustGet('contacts', contactId);
    const updates = salesActivityUpdates(activityType, this.mustGet(activityType, activityId), contact);
    this.apply('contacts', contact, updates, 'CALCULATED');
  }

  search(type: ObjectType, request: SearchRequest): SearchOutcome {
    return runSearch(type, this.stores[type].searchable(this.now()), request);
  }

  /** A record in the API's shape with the properties asked for (HubSpot's defaults when none). */
  view(type: ObjectType, record: SimRecord | Snapshot, wanted: readonly string[], archived = false) {
    const names = new Set([...wanted, 'hs_object_id', 'createdate', modifiedProperty(type)]);
    const properties: Record<string, string | null> = {};
    for (const name of names) {
      if (record.properties[name] !== undefined) properties[name] = record.properties[name] as string;
      else if (this.properties[type].has(name)) properties[name] = null;
    }
    return {
      id: record.id,
      properties,
      createdAt: new Date(record.createdAt).toISOString(),
      updatedAt: new Date(record.updatedAt).toISOString(),
      archived,
    };
  }

  private normalise(type: ObjectType, input: Record<string, InputValue>): Record<string, string> {
    return normaliseValues(input, this.properties[type], this.isOwner);
  }

  private apply(
    type: ObjectType,
    record: SimRecord,
    values: Record<string, string>,
    changeSource: string,
  ): void {
    const changed: string[] = [];
    for (const [name, value] of Object.entries(values)) {
      if ((record.properties[name] ?? '') === value) continue;
      if (value === '') delete record.properties[name];
      else record.properties[name] = value;
      changed.push(name);
    }
    if (changed.length === 0) return;
    const now = this.now();
    record.updatedAt = now;
    record.properties[modifiedProperty(type)] = new Date(now).toISOString();
    changed.push(...this.derive(type, record));
    this.stores[type].reindex(record, now + this.lag());
    for (const name of changed) {
      this.emit({
        objectType: type,
        objectId: record.id,
        kind: 'propertyChange',
        propertyName: name,
        propertyValue: record.properties[name] ?? '',
        changeSource,
      });
    }
  }

  /** Values HubSpot calculates; returns the names that changed. */
  private derive(type: ObjectType, record: SimRecord): string[] {
    const derived: Record<string, string> = {};
    if (type === 'deals') {
      const stage = record.properties.dealstage ?? '';
      derived.hs_is_closed = String(stage === 'closedwon' || stage === 'closedlost');
      derived.hs_is_closed_won = String(stage === 'closedwon');
    }
    if (type === 'companies') {
      derived.num_associated_contacts = String(this.associations.count('companies', record.id, 'contacts'));
    }
    if (type === 'contacts') {
      const email = record.properties.email ?? '';
      derived.hs_email_domain = email.includes('@')
        ? email.slice(email.lastIndexOf('@') + 1).toLowerCase()
        : '';
      const stage = record.properties.lifecyclestage;
      const entered = stage ? dateEnteredProperty(stage) : '';
      if (stage && this.properties.contacts.has(entered) && !record.properties[entered]) {
        derived[entered] = new Date(record.updatedAt).toISOString();
      }
    }
    if (type === 'leads') {
      // A lead created without a pipeline lands in the default one, at its first stage.
      derived.hs_pipeline = record.properties.hs_pipeline ?? DEFAULT_LEAD_PIPELINE.id;
      derived.hs_pipeline_stage = record.properties.hs_pipeline_stage ?? DEFAULT_LEAD_PIPELINE.stages[0]!.id;
    }
    const changed: string[] = [];
    for (const [name, value] of Object.entries(derived)) {
      if ((record.properties[name] ?? '') === value) continue;
      if (value === '') delete record.properties[name];
      else record.properties[name] = value;
      changed.push(name);
    }
    return changed;
  }

  private refreshCounts(type: ObjectType, id: string): void {
    const record = this.get(type, id);
    if (!record || type !== 'companies') return;
    if (this.derive(type, record).length > 0) {
      this.stores[type].reindex(record, this.now() + this.lag());
    }
  }

  private claimEmail(type: ObjectType, id: string, email: string | undefined): void {
    if (type !== 'contacts' || !email) return;
    const key = email.toLowerCase();
    const holder = this.emails.get(key);
    if (holder !== undefined && holder !== id && this.get('contacts', holder)) {
      throw conflict(`Contact already exists. Existing ID: ${holder}`, { context: { id: [holder] } });
    }
    for (const [address, owner] of this.emails)
      if (owner === id && address !== key) this.emails.delete(address);
    this.emails.set(key, id);
  }

  private emit(event: Omit<ChangeEvent, 'portalId' | 'occurredAt'>): void {
    const full: ChangeEvent = { ...event, portalId: this.id, occurredAt: this.now() };
    for (const listener of this.listeners) listener(full);
  }
}

function stringValues(input: Record<string, InputValue>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(input).map(([name, value]) => [
      name,
      value === null || value === undefined ? '' : String(value),
    ]),
  );
}

function withoutEmpty(values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
}
