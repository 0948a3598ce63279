import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import { getStateCodeByStateName, sanitizeStateCode } from 'us-state-codes';

/**
 * Territory values as people type them into HubSpot: "UK", "GB", "gbr" and "United Kingdom" are
 * one country; "ca", "CA" and "California" one state. Countries come from i18n-iso-countries
 * (ISO 3166-1, with English names and common aliases), states from us-state-codes.
 */
countries.registerLocale(english);

/** The country's ISO 3166-1 alpha-2 code, from a code (alpha-2, alpha-3, numeric) or English name. */
export function countryCode(text: string | undefined): string | undefined {
  const value = text?.trim().replace(/\s+/g, ' ');
  if (!value) return undefined;
  if (countries.isValid(value)) return countries.toAlpha2(value.toUpperCase()) || undefined;
  return countries.getAlpha2Code(value, 'en') ?? countries.getAlpha2Code(value.replace(/\./g, ''), 'en');
}

/**
 * The US Census Bureau's four regions. A rule may name a region instead of listing its states
 * ("US West"); spaces, dashes and case do not matter.
 */
const US_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'us northeast': ['CT', 'ME', 'MA', 'NH', 'RI', 'VT', 'NJ', 'NY', 'PA'],
  'us midwest': ['IL', 'IN', 'MI', 'OH', 'WI', 'IA', 'KS', 'MN', 'MO', 'NE', 'ND', 'SD'],
  'us south': [
    'DE',
    'DC',
    'FL',
    'GA',
    'MD',
    'NC',
    'SC',
    'VA',
    'WV',
    'AL',
    'KY',
    'MS',
    'TN',
    'AR',
    'LA',
    'OK',
    'TX',
  ],
  'us west': ['AZ', 'CO', 'ID', 'MT', 'NV', 'NM', 'UT', 'WY', 'AK', 'CA', 'HI', 'OR', 'WA'],
};
export const US_REGION_NAMES = ['US Northeast', 'US Midwest', 'US South', 'US West'] as const;

function regionKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

/** A US state's postal code, from its code or name ("tx", "Texas"). */
export function stateCode(text: string | undefined): string | undefined {
  const value = text?.trim().replace(/\s+/g, ' ');
  if (!value) return undefined;
  return sanitizeStateCode(value) ?? getStateCodeByStateName(value) ?? undefined;
}

/** The states a rule entry names: one state, or every state of a census region. */
export function statesOf(entry: string): readonly string[] | undefined {
  const region = US_REGIONS[regionKey(entry)];
  if (region) return region;
  const code = stateCode(entry);
  return code ? [code] : undefined;
}
