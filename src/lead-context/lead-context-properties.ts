import type { Playbook } from '../handoff/playbook';
import { ruleProperties } from '../handoff/routing-rules';

/**
 * The HubSpot properties the handoff engine reads, per object. HubSpot returns only the properties
 * a read names, so a property missing here is a rule that silently never fires: keep these lists in
 * step with the `textOf`/`numberOf`/`timeOf` reads in `src/handoff/`.
 */

/** Contact signals of HUBSPOT-NOTES plus what matching, routing and the decision record read. */
export const CONTACT_PROPERTIES = [
  'email',
  'hs_additional_emails',
  'firstname',
  'lastname',
  'jobtitle',
  'company',
  'website',
  'numemployees',
  'industry',
  'country',
  'lifecyclestage',
  'hubspot_owner_id',
  // The primary company; HubSpot fills it when it associates a company with the contact.
  'associatedcompanyid',
  'createdate',
  'lastmodifieddate',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'hs_analytics_source_data_2',
  // The first-touch campaign, kept in the decision record for the funnel's campaign cut.
  'hs_analytics_first_touch_converting_campaign',
  'hs_analytics_first_url',
  'hs_analytics_num_page_views',
  'hs_analytics_num_visits',
  'recent_conversion_event_name',
  'first_conversion_event_name',
  'num_conversion_events',
  'hubspotscore',
  'notes_last_contacted',
  'hs_last_sales_activity_timestamp',
  // Lets the caller skip contacts already decided (a redelivered creation event).
  'handoff_status',
  // What a second chance compares its re-check with, so it writes only what changed (CONTRACT §7).
  'handoff_priority',
  'handoff_fit_score',
  'handoff_intent_score',
] as const;

/** What duplicate matching and routing read from an existing contact. */
export const DUPLICATE_CONTACT_PROPERTIES = [
  'email',
  'hs_additional_emails',
  'firstname',
  'lastname',
  'hubspot_owner_id',
  'createdate',
] as const;

export const COMPANY_PROPERTIES = [
  'name',
  'domain',
  'website',
  // Semicolon-separated; HubSpot's `domain IN` search never looks here.
  'hs_additional_domains',
  'numberofemployees',
  'industry',
  'country',
  'hubspot_owner_id',
  'hs_parent_company_id',
  'num_associated_contacts',
  // HubSpot's "Last activity date", the recent-activity tie-breaker.
  'notes_last_updated',
  'createdate',
  'hs_lastmodifieddate',
] as const;

export const DEAL_PROPERTIES = [
  'dealname',
  'hs_is_closed',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  'hs_lastmodifieddate',
  'amount',
] as const;

/** The contact properties plus the playbook's own problem, timing and routing-rule fields. */
export function contactPropertiesFor(
  playbook: Pick<Playbook, 'intent'> & Partial<Pick<Playbook, 'routingRules'>>,
): string[] {
  const extra = [
    ...playbook.intent.problem.properties,
    ...playbook.intent.timing.map((rule) => rule.property),
    ...ruleProperties(playbook.routingRules ?? []).contact,
  ];
  return [...new Set<string>([...CONTACT_PROPERTIES, ...extra])];
}

/**
 * What a loader for a dry run reads: the candidate's settings, plus every property the other
 * playbooks read, so the versions it is compared with are not decided on missing fields.
 */
export function readingAlso(
  candidate: Playbook,
  others: readonly Playbook[],
): Pick<Playbook, 'emailDomains' | 'intent' | 'routingRules'> {
  const all = [candidate, ...others];
  return {
    emailDomains: candidate.emailDomains,
    intent: {
      ...candidate.intent,
      problem: { ...candidate.intent.problem, properties: all.flatMap((p) => p.intent.problem.properties) },
      timing: all.flatMap((p) => p.intent.timing),
    },
    routingRules: all.flatMap((p) => p.routingRules),
  };
}

/** The company properties plus those the routing rules read (`company.<name>`). */
export function companyPropertiesFor(playbook: Partial<Pick<Playbook, 'routingRules'>>): string[] {
  return [
    ...new Set<string>([...COMPANY_PROPERTIES, ...ruleProperties(playbook.routingRules ?? []).company]),
  ];
}
