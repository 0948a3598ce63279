/**
 * The HubSpot CRM shapes this app reads and writes, named as in HubSpot's OpenAPI files
 * (`SimplePublicObject`, `BatchResponseSimplePublicObject`, `PublicOwner`, ...). Property values
 * always travel as strings (or null), whatever the property type.
 */

export type PropertyValues = Record<string, string | null>;

export interface SimplePublicObject {
  id: string;
  properties: PropertyValues;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  url?: string;
}

export interface StandardError {
  status: string;
  category: string;
  message: string;
  context: Record<string, string[]>;
  errors: Array<{ message: string; code?: string; in?: string }>;
  links: Record<string, string>;
  id?: string;
}

/** Batch endpoints answer 200/201 when every input worked, 207 with `errors` otherwise. */
export interface BatchResponse<T> {
  status: 'CANCELED' | 'COMPLETE' | 'PENDING' | 'PROCESSING';
  results: T[];
  errors?: StandardError[];
  numErrors?: number;
  startedAt: string;
  completedAt: string;
  requestedAt?: string;
}

/** Several chunks merged: every result, and every per-input error HubSpot reported. */
export interface BatchResult<T> {
  results: T[];
  errors: StandardError[];
}

export interface BatchUpdateInput {
  id: string;
  properties: Record<string, string>;
  idProperty?: string;
}

export type AssociationCategory = 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED' | 'WORK';

export interface AssociationSpec {
  associationCategory: AssociationCategory;
  associationTypeId: number;
}

export interface AssociationForCreate {
  to: { id: string };
  types: AssociationSpec[];
}

export interface BatchCreateInput {
  properties: Record<string, string>;
  associations?: AssociationForCreate[];
}

export type FilterOperator =
  | 'EQ'
  | 'NEQ'
  | 'LT'
  | 'LTE'
  | 'GT'
  | 'GTE'
  | 'BETWEEN'
  | 'IN'
  | 'NOT_IN'
  | 'HAS_PROPERTY'
  | 'NOT_HAS_PROPERTY'
  | 'CONTAINS_TOKEN'
  | 'NOT_CONTAINS_TOKEN';

export interface SearchFilter {
  propertyName: string;
  operator: FilterOperator;
  value?: string;
  values?: string[];
  highValue?: string;
}

export interface SearchFilterGroup {
  filters: SearchFilter[];
}

export interface SearchSort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

export interface SearchRequest {
  filterGroups: SearchFilterGroup[];
  sorts?: SearchSort[];
  properties: string[];
  query?: string;
  /** Page size, 1 to 200. */
  limit?: number;
}

export interface SearchPage {
  total: number;
  results: SimplePublicObject[];
  /** Cursor of the next page, absent on the last one. */
  after?: string;
}

export interface SearchAllResult {
  total: number;
  results: SimplePublicObject[];
  /** True when HubSpot has more matches than were returned (its 10,000-result window, or maxResults). */
  truncated: boolean;
}

/** `AssociationSpecWithLabel` of the v4 API. */
export interface AssociationType {
  category: AssociationCategory;
  typeId: number;
  label?: string | null;
}

export interface AssociatedObject {
  toObjectId: string;
  associationTypes: AssociationType[];
}

export interface PublicTeam {
  id: string;
  name: string;
  primary: boolean;
}

export interface PublicOwner {
  id: string;
  email?: string;
  firstName?: string;
  lastName?: string;
  userId?: number;
  userIdIncludingInactive?: number;
  type: 'PERSON' | 'QUEUE';
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  teams?: PublicTeam[];
}

export interface ForwardPaging {
  next?: { after: string; link?: string };
}
