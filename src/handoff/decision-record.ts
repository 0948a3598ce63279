import type { DecisionParts } from './decide-handoff';
import type { DecisionRecord } from './explain';
import { textOf } from './hubspot-records';
import { playbookVersionId } from './playbook-version-id';

/**
 * The stored record of a decision (`handoff_decisions`): the inputs it read, every check, score,
 * candidate and routing step, so the card, the replay and a later second chance can explain it.
 */

export function decisionRecord(parts: DecisionParts, decidedAt: string): DecisionRecord {
  const contact = parts.input.contact.properties;
  const read = (name: string) => textOf(contact, name);
  const conversions = [read('recent_conversion_event_name'), read('first_conversion_event_name')];
  return {
    version: 1,
    contactId: parts.input.contact.id,
    decidedAt,
    playbook: parts.playbook.name,
    playbookVersion: playbookVersionId(parts.playbook),
    inputs: compact({
      email: read('email'),
      emailDomain: parts.emailHost,
      emailKind: parts.emailKind,
      jobtitle: read('jobtitle'),
      company: read('company'),
      website: read('website'),
      numemployees: read('numemployees'),
      industry: read('industry'),
      country: read('country'),
      createdate: read('createdate'),
      conversions: conversions.filter((name): name is string => name !== undefined),
      // What a later signal is compared with (CONTRACT §7: a new conversion, a score crossing).
      conversionCount: read('num_conversion_events'),
      hubspotscore: read('hubspotscore'),
      hubspotOwnerId: read('hubspot_owner_id'),
      campaign: read('hs_analytics_source_data_2'),
      firstTouchCampaign: read('hs_analytics_first_touch_converting_campaign'),
    }),
    checks: parts.qualification.checks,
    fit: parts.qualification.fit,
    intent: parts.qualification.intent,
    account: compact({
      candidates: parts.account.candidates,
      tieBreak: parts.account.tieBreak,
      chosenCompanyId: parts.account.company?.id,
      confidence: parts.account.confidence,
      evidence: parts.account.evidence,
      review: parts.account.review,
    }),
    duplicates: parts.duplicates,
    routing: compact({
      steps: parts.routing.steps,
      ownerId: parts.routing.ownerId,
      source: parts.routing.source,
      poolId: parts.routing.poolId,
      rule: parts.routing.rule,
      skipped: parts.routing.skipped,
      setContactOwner: parts.routing.setContactOwner,
      routedAs: parts.routing.routedAs,
      fallback: parts.routing.fallback,
    }),
  };
}

/** Drops undefined fields, so the stored record is the same JSON however it was built. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
