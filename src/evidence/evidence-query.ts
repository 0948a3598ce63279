import { badQuery, parseReportQuery } from '../reporting/quality-report';
import { DEFAULT_MIN_SAMPLE } from './evidence-tables';
import type { Goal } from './suggest-playbook';

/**
 * What the evidence page, its JSON and CSV, and the CLI read from a query: the period (UTC days,
 * default the last 30), the playbook version whose decisions count (`pb-…`, default all), the
 * minimum sample, and for a suggestion the goal.
 */
export interface EvidenceQuery {
  from: number;
  to: number;
  /** A `pb-…` version id; undefined: every version of the period. */
  version?: string;
  minSample: number;
}

export interface SuggestQuery extends EvidenceQuery {
  goal: Goal;
}

export const DEFAULT_GOAL: Goal = { keepOpportunities: 0.9, fewerMqls: 0.2 };

export function parseEvidenceQuery(query: Record<string, unknown>, now: number): EvidenceQuery {
  const { from, to } = parseReportQuery({ from: query.from, to: query.to }, now);
  const version = text(query.version);
  if (version !== undefined && version !== 'all' && !/^pb-[a-z0-9]+$/i.test(version)) {
    throw badQuery(
      'version must be a playbook version id such as pb-3f2a9c1d (see the Playbook page) or all',
    );
  }
  const minText = text(query.min);
  if (minText !== undefined && !/^\d+$/.test(minText)) {
    throw badQuery('min must be a whole number of MQLs, such as 20');
  }
  const minSample = minText === undefined ? DEFAULT_MIN_SAMPLE : Number(minText);
  if (minSample < 5) throw badQuery('min must be at least 5: fewer MQLs say nothing about a rate');
  return { from, to, ...(version && version !== 'all' ? { version } : {}), minSample };
}

export function parseSuggestQuery(query: Record<string, unknown>, now: number): SuggestQuery {
  const base = parseEvidenceQuery(query, now);
  const share = (name: string, fallback: number, low: number) => {
    const value = text(query[name]);
    if (value === undefined) return fallback;
    const percent = value.endsWith('%');
    const number = Number(percent ? value.slice(0, -1) : value);
    const fraction = percent ? number / 100 : number;
    if (value === '' || !Number.isFinite(fraction) || fraction < low || fraction > 1) {
      throw badQuery(`${name} must be a share such as 0.9 or 90%, between ${low} and 1`);
    }
    return fraction;
  };
  return {
    ...base,
    goal: {
      keepOpportunities: share('keep', DEFAULT_GOAL.keepOpportunities, 0),
      fewerMqls: share('fewer', DEFAULT_GOAL.fewerMqls, -1),
    },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
