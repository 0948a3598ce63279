/** HubSpot's default lifecycle stages, earliest first. */
export const LIFECYCLE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

/**
 * Whether an API write may set `lifecyclestage` from `current` to `next`. Through the API a stage
 * only moves forward; an earlier value is silently ignored (no error) unless the stage was
 * cleared to `""` first (HubSpot's lifecycle stage guide; HUBSPOT-NOTES). `other` and a portal's
 * own stages have no place in the order, so they may be set and left freely.
 */
export function apiMayMoveLifecycleStage(current: string | undefined, next: string): boolean {
  if (!current || next === '') return true;
  const from = LIFECYCLE_ORDER.indexOf(current as (typeof LIFECYCLE_ORDER)[number]);
  const to = LIFECYCLE_ORDER.indexOf(next as (typeof LIFECYCLE_ORDER)[number]);
  return from < 0 || to < 0 || to >= from;
}

/** The read-only property HubSpot stamps when a contact enters `stage`. */
export function dateEnteredProperty(stage: string): string {
  return `hs_v2_date_entered_${stage}`;
}
