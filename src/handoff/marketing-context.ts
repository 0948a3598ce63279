import { HubSpotProperties, textOf } from './hubspot-records';

/**
 * Marketing context frozen into `handoff_source`, `handoff_entry_point` and `handoff_offer` at
 * handoff time. HubSpot overwrites its analytics and recent-conversion properties as the contact
 * keeps converting; these copies keep what was true when sales got the lead.
 */
export interface MarketingContext {
  source: string;
  entryPoint: string;
  offer: string;
}

/** Labels HubSpot shows for the values of `hs_analytics_source`. */
const SOURCE_LABELS: Readonly<Record<string, string>> = {
  ORGANIC_SEARCH: 'Organic search',
  PAID_SEARCH: 'Paid search',
  EMAIL_MARKETING: 'Email marketing',
  SOCIAL_MEDIA: 'Organic social',
  PAID_SOCIAL: 'Paid social',
  REFERRALS: 'Referrals',
  OTHER_CAMPAIGNS: 'Other campaigns',
  DIRECT_TRAFFIC: 'Direct traffic',
  OFFLINE: 'Offline sources',
  AI_REFERRALS: 'AI referrals',
};

export function marketingContext(contact: HubSpotProperties): MarketingContext {
  const source = textOf(contact, 'hs_analytics_source');
  const detail = textOf(contact, 'hs_analytics_source_data_1');
  const label = source === undefined ? undefined : (SOURCE_LABELS[source] ?? source);
  return {
    source: [label, detail].filter((part) => part !== undefined).join(' / '),
    // The first page seen, else the campaign (source data 2 carries it for paid and email sources).
    entryPoint:
      textOf(contact, 'hs_analytics_first_url') ?? textOf(contact, 'hs_analytics_source_data_2') ?? '',
    offer:
      textOf(contact, 'recent_conversion_event_name') ?? textOf(contact, 'first_conversion_event_name') ?? '',
  };
}
