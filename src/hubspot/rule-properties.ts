import { rulePropertyUses } from '../handoff/routing-rules';
import type { RoutingRule } from '../handoff/routing-rules';
import type { ExistingProperty } from './properties';
import { HubSpotClient } from './hubspot-client';
import { hubspotPaths } from './paths';

export interface MissingRuleProperty {
  rule: string;
  object: 'contact' | 'company';
  name: string;
  /** What to do, for the log line or `npm run setup`'s output. */
  message: string;
}

/**
 * The properties routing rules read that the portal does not have: such a rule would never match
 * (HubSpot leaves an unknown property out of a read). One properties listing per object the rules
 * read; none without rules.
 */
export async function missingRuleProperties(
  client: HubSpotClient,
  rules: readonly RoutingRule[],
): Promise<MissingRuleProperty[]> {
  const uses = rulePropertyUses(rules);
  const missing: MissingRuleProperty[] = [];
  for (const object of ['contact', 'company'] as const) {
    const wanted = uses.filter((use) => use.object === object);
    if (wanted.length === 0) continue;
    const listed = await client.request<{ results: ExistingProperty[] }>({
      method: 'GET',
      path: hubspotPaths.properties(object === 'contact' ? 'contacts' : 'companies'),
      endpoint: 'properties.list',
      query: { archived: false },
    });
    const names = new Set(listed.results.map((property) => property.name));
    for (const use of wanted) {
      if (names.has(use.name)) continue;
      const ref = object === 'company' ? `company.${use.name}` : use.name;
      missing.push({
        ...use,
        message: `rule '${use.rule}' reads ${object} property "${ref}", which this HubSpot account does not have: create the property in HubSpot or correct the rule (property internal names, not labels)`,
      });
    }
  }
  return missing;
}
