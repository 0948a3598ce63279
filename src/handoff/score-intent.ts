import { HubSpotProperties, numberOf, textOf } from './hubspot-records';
import type { Playbook } from './playbook';
import { bestBand, describeBand, Score, ScoreLine, totalScore } from './score-lines';
import { firstPhraseIn } from './text-match';

export interface IntentScore extends Score {
  /** Labels of the explicit buying-intent conversions seen (demo, contact sales, …). */
  explicit: string[];
  /** Labels of every conversion rule matched, explicit or not. */
  conversions: string[];
}

/** How strongly the contact signals buying now, 0–100, line by line. */
export function scoreIntent(contact: HubSpotProperties, intent: Playbook['intent']): IntentScore {
  const lines: ScoreLine[] = [];
  const explicit: string[] = [];
  const matched: string[] = [];
  const conversions = [
    textOf(contact, 'recent_conversion_event_name'),
    textOf(contact, 'first_conversion_event_name'),
  ].filter((name): name is string => name !== undefined);

  // Each conversion rule counts once, however many of the contact's conversions it matches.
  for (const rule of intent.conversions) {
    const name = conversions.find((conversion) => firstPhraseIn(conversion, rule.words) !== undefined);
    if (name === undefined) continue;
    lines.push({
      rule: 'intent.conversions',
      points: rule.points,
      reason: `${rule.label}: converted on "${name}"`,
    });
    matched.push(rule.label);
    if (rule.explicit) explicit.push(rule.label);
  }

  const count = numberOf(contact, 'num_conversion_events') ?? 0;
  const repeat = Math.min(
    intent.repeatConversions.max,
    Math.max(0, count - 1) * intent.repeatConversions.pointsEach,
  );
  if (repeat > 0) {
    lines.push({ rule: 'intent.repeatConversions', points: repeat, reason: `${count} conversions` });
  }

  const banded = [
    ['intent.pageViews', intent.pageViews, 'hs_analytics_num_page_views', 'page views'],
    ['intent.visits', intent.visits, 'hs_analytics_num_visits', 'visits'],
    ['intent.hubspotScore', intent.hubspotScore, 'hubspotscore', 'HubSpot score'],
  ] as const;
  for (const [rule, bands, property, noun] of banded) {
    const value = numberOf(contact, property);
    const band = bestBand(bands, value);
    if (band) lines.push({ rule, points: band.points, reason: `${value} ${noun} (${describeBand(band)})` });
  }

  const stated = intent.problem.properties.find((property) => textOf(contact, property) !== undefined);
  if (stated !== undefined && intent.problem.points !== 0) {
    lines.push({
      rule: 'intent.problem',
      points: intent.problem.points,
      reason: `stated a problem in ${stated}`,
    });
  }
  for (const timing of intent.timing) {
    const value = textOf(contact, timing.property);
    const word = firstPhraseIn(value, timing.values);
    if (word !== undefined) {
      lines.push({
        rule: 'intent.timing',
        points: timing.points,
        reason: `${timing.property} is "${value}"`,
      });
    }
  }
  return { ...totalScore(lines), explicit, conversions: matched };
}
